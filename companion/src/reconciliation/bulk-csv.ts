import { BULK_CSV, csvRow } from '../csv/csv-writer.js';

/**
 * CSV for Bulk API 2.0 ingest jobs: one column per field any record sets (in order of first
 * appearance), RFC 4180 quoting, `#N/A` to clear a field (an empty cell leaves it unchanged),
 * booleans as true/false.
 */

export const BULK_NULL = BULK_CSV.nullAs;

export function toBulkCsv(records: readonly Readonly<Record<string, unknown>>[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  return [columns, ...records.map((record) => columns.map((c) => record[c]))]
    .map((row) => csvRow(row, BULK_CSV))
    .join('');
}
