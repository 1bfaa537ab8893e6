/**
 * Names an API request by its endpoint: the method and the path with record ids, query
 * locators and external id values replaced by placeholders, so calls can be counted by
 * endpoint (`GET /api/v1/users`, `PATCH data/composite/sobjects/Contact/Okta_User_Id__c`).
 */

export type ApiSystem = 'okta' | 'salesforce';

/** Calls by endpoint key, per system. */
export type EndpointCounts = Record<ApiSystem, Record<string, number>>;

/** A path segment that names one record, job or page rather than a resource. */
const VARIABLE_SEGMENT = /^(?=[^/]*\d)[A-Za-z0-9_.-]{12,}$/;

export function endpointKey(system: ApiSystem, method: string, path: string): string {
  const trimmed =
    system === 'salesforce' ? path.replace(/^\/services\/data\/v\d+\.\d\//, 'data/') : path;
  const templated = trimmed
    .split('/')
    .map((segment) => (VARIABLE_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
  return `${method} ${templated}`;
}

export function emptyCounts(): EndpointCounts {
  return { okta: {}, salesforce: {} };
}

export function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** What the floor of a reconciliation counts: user list pages, SOQL pages, and the rest. */
export type CallClass = 'okta-user-list' | 'okta-other' | 'soql-page' | 'sf-write' | 'sf-other';

export function callClass(system: ApiSystem, key: string): CallClass {
  if (system === 'okta') return key === 'GET /api/v1/users' ? 'okta-user-list' : 'okta-other';
  if (/^GET data\/query(\/\{id\})?$/.test(key)) return 'soql-page';
  if (key.startsWith('GET ') || key.startsWith('POST /services/oauth2')) return 'sf-other';
  return 'sf-write';
}

export function countByClass(counts: EndpointCounts): Record<CallClass, number> {
  const result: Record<CallClass, number> = {
    'okta-user-list': 0,
    'okta-other': 0,
    'soql-page': 0,
    'sf-write': 0,
    'sf-other': 0,
  };
  for (const system of ['okta', 'salesforce'] as const) {
    for (const [key, n] of Object.entries(counts[system])) result[callClass(system, key)] += n;
  }
  return result;
}
