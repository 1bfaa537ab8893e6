import type { OktaUserSnapshot } from '../mapping/types.js';
import type { OktaClient } from './client.js';
import { isOktaNotFound } from './okta-failures.js';

/**
 * Reads the current state of many Okta users with as few calls as possible: one
 * filtered list call per 100 ids, then a single GET only for ids the list did not return
 * (deactivated users are not always listed). A user Okta no longer has maps to null.
 */

const IDS_PER_LIST_CALL = 100;

interface RawUser {
  id?: string;
  status?: string;
  created?: Date | string | null;
  activated?: Date | string | null;
  statusChanged?: Date | string | null;
  lastLogin?: Date | string | null;
  lastUpdated?: Date | string | null;
  passwordChanged?: Date | string | null;
  profile?: Record<string, unknown> | null;
}

const iso = (value: Date | string | null | undefined): string | null =>
  value === null || value === undefined
    ? null
    : value instanceof Date
      ? value.toISOString()
      : value;

export function toSnapshot(raw: RawUser): OktaUserSnapshot {
  const profile: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw.profile ?? {})) {
    if (value !== undefined) profile[key] = value;
  }
  return {
    id: String(raw.id),
    status: String(raw.status),
    created: iso(raw.created),
    activated: iso(raw.activated),
    statusChanged: iso(raw.statusChanged),
    lastLogin: iso(raw.lastLogin),
    lastUpdated: iso(raw.lastUpdated),
    passwordChanged: iso(raw.passwordChanged),
    profile,
  };
}

const quote = (id: string) => `"${id.replace(/["\\]/g, '')}"`;

export async function readOktaUsers(
  okta: OktaClient,
  ids: readonly string[],
): Promise<Map<string, OktaUserSnapshot | null>> {
  const found = new Map<string, OktaUserSnapshot | null>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += IDS_PER_LIST_CALL) {
    const chunk = unique.slice(start, start + IDS_PER_LIST_CALL);
    const filter = chunk.map((id) => `id eq ${quote(id)}`).join(' or ');
    // One page holds every match (at most 100 of 200). The request goes through the SDK's
    // HTTP layer (auth, 429 retries) but not its collection: the SDK cannot parse a Link
    // header over 2,000 characters, and the one Okta sends back repeats this long filter.
    const query = new URLSearchParams({ filter, limit: '200' });
    const request = { method: 'GET', headers: { Accept: 'application/json' } };
    const response = await okta.http.http(
      `${okta.baseUrl}/api/v1/users?${query.toString()}`,
      request as Parameters<OktaClient['http']['http']>[1],
    );
    for (const user of (await response.json()) as RawUser[]) {
      if (user.id) found.set(String(user.id), toSnapshot(user));
    }
  }
  for (const id of unique) {
    if (found.has(id)) continue;
    try {
      const user = await okta.userApi.getUser({ userId: id });
      found.set(id, toSnapshot(user as unknown as RawUser));
    } catch (error) {
      if (!isOktaNotFound(error)) throw error;
      found.set(id, null);
    }
  }
  return found;
}
