/**
 * The fewest API calls a full reconciliation can make: every Okta user read once in pages of
 * 200, every Contact once in SOQL pages of 2000, and every change written in sObject
 * Collections of 200.
 */

export const OKTA_USERS_PER_PAGE = 200;
export const SOQL_RECORDS_PER_PAGE = 2000;
export const RECORDS_PER_COLLECTION = 200;

export interface ReconciliationFloor {
  oktaListCalls: number;
  soqlPages: number;
  writeCalls: number;
  total: number;
}

export function reconciliationFloor(input: {
  oktaUsers: number;
  contacts: number;
  writes: number;
}): ReconciliationFloor {
  const oktaListCalls = Math.ceil(input.oktaUsers / OKTA_USERS_PER_PAGE);
  const soqlPages = Math.ceil(input.contacts / SOQL_RECORDS_PER_PAGE);
  const writeCalls = Math.ceil(input.writes / RECORDS_PER_COLLECTION);
  return { oktaListCalls, soqlPages, writeCalls, total: oktaListCalls + soqlPages + writeCalls };
}

/** actual / reference, rounded to three decimals (undefined when the reference is 0). */
export function ratio(actual: number, reference: number): number | undefined {
  if (reference === 0) return undefined;
  return Math.round((actual / reference) * 1000) / 1000;
}
