import { SalesforceApiError } from '../errors.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** Identifier or punctuation text, unescaped string content, or the literal's source text. */
  readonly value: string;
  /** Offset of the token in the query text. */
  readonly pos: number;
}

/** Salesforce's error shape for a query: the query, a caret under the offending column, the message. */
export function queryError(
  soql: string,
  pos: number,
  errorCode: string,
  message: string,
): SalesforceApiError {
  const before = soql.slice(0, pos);
  const row = before.split('\n').length;
  const column = pos - (before.lastIndexOf('\n') + 1) + 1;
  const line = soql.split('\n')[row - 1] ?? '';
  return SalesforceApiError.of(
    400,
    errorCode,
    `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${message}`,
  );
}

const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER_RE = /^-?\d+(?:\.\d+)?/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*/;
const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  _: '\\_',
  '%': '\\%',
};

/** Splits SOQL text into tokens. */
export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const ch = soql.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = soql.slice(i, i + 40);
    if (ch === "'") {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= soql.length)
          throw queryError(soql, i, 'MALFORMED_QUERY', 'unexpected token: <EOF>');
        const c = soql.charAt(j);
        if (c === '\\') {
          const next = soql[j + 1] ?? '';
          const mapped = ESCAPES[next];
          if (mapped === undefined) {
            throw queryError(
              soql,
              j,
              'MALFORMED_QUERY',
              `Invalid string literal '${soql.slice(i, j + 2)}'. Illegal character sequence '\\${next}' in string literal.`,
            );
          }
          value += mapped;
          j += 2;
          continue;
        }
        if (c === "'") break;
        value += c;
        j++;
      }
      tokens.push({ kind: 'string', value, pos: i });
      i = j + 1;
      continue;
    }
    const datetime = DATETIME_RE.exec(rest.length < 40 ? rest : soql.slice(i, i + 40));
    if (datetime) {
      tokens.push({ kind: 'datetime', value: datetime[0], pos: i });
      i += datetime[0].length;
      continue;
    }
    const date = DATE_RE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', value: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const number = NUMBER_RE.exec(rest);
    if (number && (ch !== '-' || /\d/.test(soql[i + 1] ?? ''))) {
      tokens.push({ kind: 'number', value: number[0], pos: i });
      i += number[0].length;
      continue;
    }
    const ident = IDENT_RE.exec(soql.slice(i, i + 256));
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    const two = soql.slice(i, i + 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'punct', value: two === '<>' ? '!=' : two, pos: i });
      i += 2;
      continue;
    }
    if ('(),.=<>:'.includes(ch)) {
      tokens.push({ kind: 'punct', value: ch, pos: i });
      i++;
      continue;
    }
    throw queryError(soql, i, 'MALFORMED_QUERY', `unexpected token: '${ch}'`);
  }
  tokens.push({ kind: 'eof', value: '<EOF>', pos: soql.length });
  return tokens;
}
