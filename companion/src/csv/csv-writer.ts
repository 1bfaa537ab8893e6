/**
 * The product's one CSV writer (RFC 4180): a cell holding the separator, a double quote, CR or
 * LF is quoted with its quotes doubled. Two dialects:
 *
 * - `SPREADSHEET_CSV`, for files people open (audit and plan exports): a text cell that starts
 *   with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` and quoted, so a
 *   spreadsheet shows it instead of running it as a formula (OWASP, CSV Injection). Values
 *   people edit in Okta or Salesforce (names, titles) reach these files.
 * - `BULK_CSV`, for Salesforce Bulk API 2.0 ingest: values go in exactly as written, `#N/A`
 *   clears a field, leading or trailing spaces are kept by quoting.
 */

export interface CsvDialect {
  /** Written for null; undefined is always an empty cell. */
  nullAs: string;
  neutraliseFormulas: boolean;
  /** Quote cells that begin or end with whitespace so no reader trims them. */
  quoteEdgeSpace: boolean;
  lineEnd: '\r\n' | '\n';
  /** JSON, or joined with `;` (multi-select picklist values). */
  arrays: 'json' | 'semicolon';
}

export const SPREADSHEET_CSV: CsvDialect = {
  nullAs: '',
  neutraliseFormulas: true,
  quoteEdgeSpace: false,
  lineEnd: '\r\n',
  arrays: 'json',
};

export const BULK_CSV: CsvDialect = {
  nullAs: '#N/A',
  neutraliseFormulas: false,
  quoteEdgeSpace: true,
  lineEnd: '\n',
  arrays: 'semicolon',
};

const FORMULA_START = /^[=+\-@\t\r]/;

function text(value: unknown, dialect: CsvDialect): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && dialect.arrays === 'semicolon') return value.map(String).join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function csvCell(value: unknown, dialect: CsvDialect): string {
  if (value === undefined) return '';
  if (value === null) return dialect.nullAs;
  let cell = text(value, dialect);
  let quote = /[",\r\n]/.test(cell) || (dialect.quoteEdgeSpace && /^\s|\s$/.test(cell));
  if (dialect.neutraliseFormulas && typeof value === 'string' && FORMULA_START.test(cell)) {
    cell = `'${cell}`;
    quote = true;
  }
  return quote ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function csvRow(values: readonly unknown[], dialect: CsvDialect): string {
  return `${values.map((v) => csvCell(v, dialect)).join(',')}${dialect.lineEnd}`;
}
