import { readOktaAttribute } from '../mapping/okta-attribute.js';
import type { OktaUserSnapshot } from '../mapping/types.js';

/**
 * Evaluates the Okta search expression of Okta_Sync_Setting__mdt.Okta_Contact_Filter__c
 * (e.g. `profile.userType eq "Customer"`) against a user the companion already read, so
 * deciding whether a user becomes a Contact costs no API call. Supports the operators
 * eq, ne, sw, co, pr with and, or, not and parentheses; values are strings, numbers,
 * true/false or null.
 */

export type UserPredicate = (user: OktaUserSnapshot) => boolean;

type Token =
  | { kind: 'word'; text: string }
  | { kind: 'string'; text: string }
  | { kind: 'paren'; text: '(' | ')' };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const ch = expression[i] as string;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ kind: 'paren', text: ch });
      i += 1;
    } else if (ch === '"') {
      let text = '';
      i += 1;
      while (i < expression.length && expression[i] !== '"') {
        if (expression[i] === '\\' && i + 1 < expression.length) i += 1;
        text += expression[i];
        i += 1;
      }
      if (i >= expression.length) throw new Error('unterminated string');
      i += 1;
      tokens.push({ kind: 'string', text });
    } else {
      const match = /^[^\s()"]+/.exec(expression.slice(i));
      const text = match?.[0] ?? ch;
      tokens.push({ kind: 'word', text });
      i += text.length;
    }
  }
  return tokens;
}

function literal(token: Token | undefined): unknown {
  if (!token || token.kind === 'paren') throw new Error('expected a value');
  if (token.kind === 'string') return token.text;
  if (token.text === 'true') return true;
  if (token.text === 'false') return false;
  if (token.text === 'null') return null;
  const n = Number(token.text);
  if (Number.isNaN(n)) throw new Error(`unexpected "${token.text}"`);
  return n;
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

export function compileUserFilter(
  expression: string | null,
  setting = 'Okta_Contact_Filter__c',
): UserPredicate {
  if (expression === null || expression.trim() === '') return () => true;
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const next = () => tokens[position++];
  const keyword = (word: string) => {
    const token = peek();
    return token?.kind === 'word' && token.text.toLowerCase() === word;
  };

  function parseOr(): UserPredicate {
    let left = parseAnd();
    while (keyword('or')) {
      next();
      const a = left;
      const b = parseAnd();
      left = (u) => a(u) || b(u);
    }
    return left;
  }
  function parseAnd(): UserPredicate {
    let left = parseUnary();
    while (keyword('and')) {
      next();
      const a = left;
      const b = parseUnary();
      left = (u) => a(u) && b(u);
    }
    return left;
  }
  function parseUnary(): UserPredicate {
    if (keyword('not')) {
      next();
      const inner = parseUnary();
      return (u) => !inner(u);
    }
    const token = peek();
    if (token?.kind === 'paren' && token.text === '(') {
      next();
      const inner = parseOr();
      const close = next();
      if (close?.kind !== 'paren' || close.text !== ')') throw new Error('missing ")"');
      return inner;
    }
    return parseComparison();
  }
  function parseComparison(): UserPredicate {
    const attribute = next();
    const operator = next();
    if (attribute?.kind !== 'word' || operator?.kind !== 'word')
      throw new Error('expected "attribute operator value"');
    const path = attribute.text;
    const op = operator.text.toLowerCase();
    const read = (u: OktaUserSnapshot) => readOktaAttribute(u, path);
    if (op === 'pr') return (u) => read(u) !== null && read(u) !== undefined && read(u) !== '';
    const value = literal(next());
    switch (op) {
      case 'eq':
        return (u) => same(read(u) ?? null, value);
      case 'ne':
        return (u) => !same(read(u) ?? null, value);
      case 'sw':
        return (u) =>
          String(read(u) ?? '')
            .toLowerCase()
            .startsWith(String(value).toLowerCase());
      case 'co':
        return (u) =>
          String(read(u) ?? '')
            .toLowerCase()
            .includes(String(value).toLowerCase());
      default:
        throw new Error(`unsupported operator "${operator.text}"`);
    }
  }

  try {
    const predicate = parseOr();
    if (position !== tokens.length) throw new Error(`unexpected "${tokens[position]?.text ?? ''}"`);
    return predicate;
  } catch (error) {
    throw new Error(
      `${setting} "${expression}" is not a valid filter: ${(error as Error).message}`,
    );
  }
}
