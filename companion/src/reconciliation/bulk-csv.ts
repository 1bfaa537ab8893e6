/**
 * CSV for Bulk API 2.0 ingest jobs: one column per field any record sets (in order of first
 * appearance), RFC 4180 quoting, `#N/A` to clear a field (an empty cell leaves it unchanged),
 * booleans as true/false.
 */

export const BULK_NULL = '#N/A';

function cell(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return BULK_NULL;
  const text =
    value instanceof Date
      ? value.toISOString()
      : Array.isArray(value)
        ? value.map(String).join(';')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

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
  const lines = [columns.join(',')];
  for (const record of records) lines.push(columns.map((c) => cell(record[c])).join(','));
  return `${lines.join('\n')}\n`;
}
