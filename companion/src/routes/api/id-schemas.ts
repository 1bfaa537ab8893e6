import { z } from 'zod';

/**
 * Identifier shapes the API accepts. Okta ids are 20 characters (`00u…` users, `00g…`
 * groups); Salesforce ids are 15 or 18 characters, starting with the object's key prefix.
 */

export function salesforceId(prefix: string, what: string) {
  const rest = 15 - prefix.length;
  return z
    .string()
    .trim()
    .regex(
      new RegExp(`^${prefix}[a-zA-Z0-9]{${rest}}(?:[a-zA-Z0-9]{3})?$`),
      `Expected a Salesforce ${what} id (15 or 18 letters and digits starting with ${prefix}).`,
    );
}

/** Any record id (Case, grant, …) whose key prefix the API does not need to know. */
export const anySalesforceId = z
  .string()
  .trim()
  .regex(
    /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/,
    'Expected a Salesforce id (15 or 18 letters and digits).',
  );

export const salesforceUserId = salesforceId('005', 'User');
export const contactId = salesforceId('003', 'Contact');
export const caseId = salesforceId('500', 'Case');

export const oktaGroupId = z
  .string()
  .trim()
  .regex(
    /^00g[a-zA-Z0-9]{17}$/,
    'Expected an Okta group id (00g followed by 17 letters and digits).',
  );

/** An Okta user id or login: Okta's user routes accept either. */
export const oktaUserRef = z
  .string()
  .trim()
  .min(1, 'Give an Okta user id or login.')
  .max(200, 'An Okta user id or login has at most 200 characters.')
  .regex(/^[^\s/?#\\]+$/, 'An Okta user id or login has no spaces, slashes, ? or #.');
