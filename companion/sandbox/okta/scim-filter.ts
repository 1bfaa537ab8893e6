/**
 * SCIM filter expressions as Okta accepts them in `search` and `filter` parameters
 * (RFC 7644 §3.4.2.2): attribute paths, eq/ne/co/sw/ew/gt/ge/lt/le/pr, and/or/not,
 * parentheses. Pure: parse to an AST, evaluate against a value resolver.
 */

export type ScimOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le' | 'pr';
export type ScimValue = string | number | boolean | null;

export type ScimExpression =
  | { kind: 'compare'; path: string; op: ScimOperator; value: ScimValue }
  | { kind: 'and' | 'or'; left: ScimExpression; right: ScimExpression }
  | { kind: 'not'; expr: ScimExpression };

export class ScimSyntaxError extends Error {
  override name = 'ScimSyntaxError';
}

const OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr']);

type Token =
  | { type: 'word'; text: string; at: number }
  | { type: 'string'; text: string; at: number }
  | { type: 'lparen' | 'rparen'; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'lparen' : 'rparen', at: i });
      i++;
    } else if (ch === '"') {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= input.length)
          throw new ScimSyntaxError(`Unterminated string at position ${start}`);
        const c = input.charAt(i);
        if (c === '\\') {
          const next = input[i + 1];
          if (next === undefined) throw new ScimSyntaxError(`Bad escape at position ${i}`);
          text += next;
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          text += c;
          i++;
        }
      }
      tokens.push({ type: 'string', text, at: start });
    } else {
      const start = i;
      while (i < input.length && !/[\s()"]/.test(input.charAt(i))) i++;
      tokens.push({ type: 'word', text: input.slice(start, i), at: start });
    }
  }
  return tokens;
}

export function parseScimFilter(input: string): ScimExpression {
  const tokens = tokenize(input);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (t: Token | undefined, text: string): boolean =>
    t?.type === 'word' && t.text.toLowerCase() === text;

  const parseOr = (): ScimExpression => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      pos++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): ScimExpression => {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      pos++;
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): ScimExpression => {
    const t = peek();
    if (isWord(t, 'not') && tokens[pos + 1]?.type === 'lparen') {
      pos++;
      return { kind: 'not', expr: parseGroup() };
    }
    if (t?.type === 'lparen') return parseGroup();
    return parseComparison();
  };
  const parseGroup = (): ScimExpression => {
    pos++; // '('
    const expr = parseOr();
    const close = peek();
    if (close?.type !== 'rparen') throw new ScimSyntaxError('Expected )');
    pos++;
    return expr;
  };
  const parseComparison = (): ScimExpression => {
    const attr = peek();
    if (attr?.type !== 'word' || !/^[A-Za-z_][\w.$]*$/.test(attr.text)) {
      throw new ScimSyntaxError(`Expected an attribute at position ${attr?.at ?? input.length}`);
    }
    pos++;
    const opToken = peek();
    if (opToken?.type !== 'word' || !OPERATORS.has(opToken.text.toLowerCase())) {
      throw new ScimSyntaxError(
        `Unrecognized attribute operator '${opToken && 'text' in opToken ? opToken.text : ''}' at position ${opToken?.at ?? input.length}. Expected: eq,co,sw,pr,gt,ge,lt,le`,
      );
    }
    pos++;
    const op = opToken.text.toLowerCase() as ScimOperator;
    if (op === 'pr') return { kind: 'compare', path: attr.text, op, value: null };
    const v = peek();
    if (v === undefined) throw new ScimSyntaxError('Expected a value');
    pos++;
    let value: ScimValue;
    if (v.type === 'string') value = v.text;
    else if (v.type === 'word' && v.text === 'true') value = true;
    else if (v.type === 'word' && v.text === 'false') value = false;
    else if (v.type === 'word' && v.text === 'null') value = null;
    else if (v.type === 'word' && /^-?\d+(\.\d+)?$/.test(v.text)) value = Number(v.text);
    else throw new ScimSyntaxError(`Invalid value at position ${v.at}`);
    return { kind: 'compare', path: attr.text, op, value };
  };

  if (tokens.length === 0) throw new ScimSyntaxError('Empty filter');
  const expr = parseOr();
  if (pos !== tokens.length)
    throw new ScimSyntaxError(`Unexpected token at position ${tokens[pos]?.at ?? input.length}`);
  return expr;
}

/** Every attribute path an expression mentions. */
export function scimPaths(expr: ScimExpression): string[] {
  switch (expr.kind) {
    case 'compare':
      return [expr.path];
    case 'not':
      return scimPaths(expr.expr);
    default:
      return [...scimPaths(expr.left), ...scimPaths(expr.right)];
  }
}

/** Every (path, operator) pair of an expression, for endpoint-specific restrictions. */
export function scimComparisons(
  expr: ScimExpression,
): { path: string; op: ScimOperator; value: ScimValue }[] {
  switch (expr.kind) {
    case 'compare':
      return [{ path: expr.path, op: expr.op, value: expr.value }];
    case 'not':
      return scimComparisons(expr.expr);
    default:
      return [...scimComparisons(expr.left), ...scimComparisons(expr.right)];
  }
}

export function usesOperator(expr: ScimExpression, kind: 'and' | 'or' | 'not'): boolean {
  switch (expr.kind) {
    case 'compare':
      return false;
    case 'not':
      return kind === 'not' || usesOperator(expr.expr, kind);
    default:
      return expr.kind === kind || usesOperator(expr.left, kind) || usesOperator(expr.right, kind);
  }
}

/**
 * Resolves an attribute path to its value(s). An array means "any of": a comparison
 * holds if it holds for one element (e.g. `target.id` over a log event's targets).
 */
export type ScimResolver = (path: string) => unknown;

export interface ScimEvaluationOptions {
  /** Paths whose values are timestamps: compared as instants, not strings. */
  dateAttributes?: ReadonlySet<string>;
}

export function evaluateScim(
  expr: ScimExpression,
  resolve: ScimResolver,
  options: ScimEvaluationOptions = {},
): boolean {
  switch (expr.kind) {
    case 'and':
      return (
        evaluateScim(expr.left, resolve, options) && evaluateScim(expr.right, resolve, options)
      );
    case 'or':
      return (
        evaluateScim(expr.left, resolve, options) || evaluateScim(expr.right, resolve, options)
      );
    case 'not':
      return !evaluateScim(expr.expr, resolve, options);
    case 'compare': {
      const actual = resolve(expr.path);
      const isDate = options.dateAttributes?.has(expr.path) ?? false;
      const values = Array.isArray(actual) ? actual : [actual];
      if (expr.op === 'ne') return !values.some((v) => compare(v, 'eq', expr.value, isDate));
      return values.some((v) => compare(v, expr.op, expr.value, isDate));
    }
  }
}

function compare(actual: unknown, op: ScimOperator, expected: ScimValue, isDate: boolean): boolean {
  if (op === 'pr') return actual !== null && actual !== undefined && actual !== '';
  if (actual === undefined) actual = null;
  if (expected === null) return op === 'eq' ? actual === null : false;
  if (actual === null) return false;
  if (isDate && typeof expected === 'string' && typeof actual === 'string') {
    const a = Date.parse(actual);
    const e = Date.parse(expected);
    if (Number.isNaN(a) || Number.isNaN(e)) return false;
    return ordered(a, op, e);
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    const a = actual.toLowerCase();
    const e = expected.toLowerCase();
    switch (op) {
      case 'eq':
        return a === e;
      case 'co':
        return a.includes(e);
      case 'sw':
        return a.startsWith(e);
      case 'ew':
        return a.endsWith(e);
      default:
        return ordered(a, op, e);
    }
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    return op === 'eq' ? actual === expected : ordered(actual, op, expected);
  }
  if (typeof actual === 'boolean' && typeof expected === 'boolean') {
    return op === 'eq' && actual === expected;
  }
  return op === 'eq' && String(actual) === String(expected);
}

function ordered<T extends string | number>(a: T, op: ScimOperator, e: T): boolean {
  switch (op) {
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    case 'eq':
      return a === e;
    default:
      return false;
  }
}
