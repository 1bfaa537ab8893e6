import { soqlFieldName } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot } from '../mapping/types.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { queryIn, type QueryFn } from '../salesforce/salesforce-reads.js';

/**
 * Salesforce users ⇄ Okta users: a Salesforce User's match field (FederationIdentifier by
 * default) holds the Okta login; without it, the Okta user with the same email (when exactly one).
 */

export interface SalesforceUserRow extends Record<string, unknown> {
  Id: string;
  Email?: string | null;
  IsActive?: boolean | null;
}

export type OktaIdentity =
  { ok: true; user: OktaUserSnapshot; via: 'login' | 'email' } | { ok: false; reason: string };

export async function readSalesforceUsers(
  query: QueryFn,
  ids: readonly string[],
  matchField: string,
): Promise<SalesforceUserRow[]> {
  const fields = [...new Set(['Id', 'Email', 'IsActive', soqlFieldName(matchField)])];
  return queryIn<SalesforceUserRow>(
    query,
    ids,
    (list) => `SELECT ${fields.join(', ')} FROM User WHERE Id IN (${list})`,
  );
}

export async function oktaIdentityOf(
  sfUser: SalesforceUserRow,
  matchField: string,
  okta: Pick<OktaGateway, 'getUser' | 'findUsersByEmail'>,
): Promise<OktaIdentity> {
  const login = sfUser[matchField];
  if (typeof login === 'string' && login.trim() !== '') {
    const user = await okta.getUser(login.trim());
    if (user) return { ok: true, user, via: 'login' };
  }
  const email = sfUser.Email;
  if (typeof email === 'string' && email.trim() !== '') {
    const found = await okta.findUsersByEmail(email.trim());
    if (found.length === 1 && found[0]) return { ok: true, user: found[0], via: 'email' };
    if (found.length > 1)
      return {
        ok: false,
        reason: `${found.length} Okta users have the email of User ${sfUser.Id}`,
      };
  }
  return { ok: false, reason: `no Okta user matches User ${sfUser.Id} by ${matchField} or Email` };
}

/** The Salesforce users an Okta user is (login in the match field, else the same email). */
export async function salesforceUsersOf(
  query: QueryFn,
  oktaUsers: readonly OktaUserSnapshot[],
  matchField: string,
): Promise<Map<string, string>> {
  const field = soqlFieldName(matchField);
  const logins = oktaUsers
    .map((u) => u.profile['login'])
    .filter((v): v is string => typeof v === 'string');
  const emails = oktaUsers
    .map((u) => u.profile['email'])
    .filter((v): v is string => typeof v === 'string');
  const byLogin = await queryIn<{ Id: string } & Record<string, unknown>>(
    query,
    logins,
    (list) => `SELECT Id, ${field} FROM User WHERE ${field} IN (${list})`,
  );
  const byEmail = await queryIn<{ Id: string; Email: string } & Record<string, unknown>>(
    query,
    emails,
    (list) => `SELECT Id, Email, ${field} FROM User WHERE Email IN (${list})`,
  );
  const result = new Map<string, string>();
  for (const user of oktaUsers) {
    const login = String(user.profile['login'] ?? '').toLowerCase();
    const email = String(user.profile['email'] ?? '').toLowerCase();
    const match =
      byLogin.find((r) => String(r[field] ?? '').toLowerCase() === login) ??
      byEmail.find((r) => !r[field] && r.Email.toLowerCase() === email);
    if (match) result.set(user.id, match.Id);
  }
  return result;
}
