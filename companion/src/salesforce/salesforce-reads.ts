import { soqlQuote } from '../mapping/soql-quote.js';
import type { SalesforceWrite, WriteResult } from './record-writer.js';

/** The Salesforce access the Salesforce → Okta workflows share (injected). */
export type QueryFn = <T extends Record<string, unknown>>(soql: string) => Promise<T[]>;
export type WriteFn = (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;

/** Ids per `IN (…)` list: keeps a GET query URL well under Salesforce's length limit. */
export const IDS_PER_QUERY = 200;

/**
 * Runs `soql(list)` for each chunk of values, where `list` is the quoted, comma separated
 * chunk, and concatenates the rows.
 */
export async function queryIn<T extends Record<string, unknown>>(
  query: QueryFn,
  values: readonly string[],
  soql: (list: string) => string,
): Promise<T[]> {
  const unique = [...new Set(values)];
  const rows: T[] = [];
  for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
    const chunk = unique.slice(start, start + IDS_PER_QUERY);
    rows.push(...(await query<T>(soql(chunk.map(soqlQuote).join(',')))));
  }
  return rows;
}

/** Salesforce ids compare by their case-sensitive 15-character form. */
export const sameId = (a: unknown, b: unknown): boolean =>
  typeof a === 'string' && typeof b === 'string' && a.slice(0, 15) === b.slice(0, 15);

export function writeFailure(result: WriteResult | undefined, what: string): Error {
  const errors = result?.errors ?? [];
  const message = `${what}: ${errors.map((e) => `${e.statusCode} ${e.message}`).join('; ') || 'no result'}`;
  return Object.assign(new Error(message), { errorCode: errors[0]?.statusCode ?? 'UNKNOWN' });
}
