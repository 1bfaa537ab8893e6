/**
 * RFC 4180 CSV: a field holding a comma, a double quote, CR or LF is quoted, with its quotes
 * doubled; lines end with CRLF. Values are written exactly (no spreadsheet-formula rewriting).
 */

export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
