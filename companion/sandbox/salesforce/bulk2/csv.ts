/** Parses RFC 4180 CSV (quoted fields, doubled quotes, LF or CRLF line ends). */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (quoted) throw new Error('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Serialises rows with every field quoted, as Bulk API 2.0 result files are. */
export function toCsv(
  rows: readonly (readonly string[])[],
  lineEnding: '\n' | '\r\n' = '\n',
): string {
  return (
    rows.map((r) => r.map(quote).join(',')).join(lineEnding) + (rows.length > 0 ? lineEnding : '')
  );
}

export const COLUMN_DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  TAB: '\t',
  SEMICOLON: ';',
  PIPE: '|',
  CARET: '^',
  BACKQUOTE: '`',
};
