import type {
  ComparisonOperator,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  SelectItem,
  SoqlQuery,
} from './ast.js';
import { queryError, tokenize } from './tokenizer.js';
import type { Token } from './tokenizer.js';

const DATE_LITERALS = new Set([
  'YESTERDAY',
  'TODAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'THIS_QUARTER',
  'LAST_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
]);
const DATE_LITERALS_N = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'N_WEEKS_AGO',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
  'N_YEARS_AGO',
  'LAST_N_HOURS',
  'NEXT_N_HOURS',
]);
const RESERVED = new Set([
  'SELECT',
  'FROM',
  'WHERE',
  'AND',
  'OR',
  'NOT',
  'IN',
  'LIKE',
  'ORDER',
  'BY',
  'LIMIT',
  'OFFSET',
  'NULL',
  'TRUE',
  'FALSE',
  'ASC',
  'DESC',
  'NULLS',
  'FIRST',
  'LAST',
  'GROUP',
  'HAVING',
  'WITH',
  'INCLUDES',
  'EXCLUDES',
  'FOR',
  'ALL',
  'ROWS',
  'USING',
]);

/** Recursive-descent parser of the SOQL subset the emulator serves. */
class Parser {
  #i = 0;
  readonly #eof: Token;
  constructor(
    private readonly soql: string,
    private readonly tokens: readonly Token[],
  ) {
    this.#eof = tokens[tokens.length - 1] ?? { kind: 'eof', value: '<EOF>', pos: soql.length };
  }

  get #tok(): Token {
    return this.tokens[this.#i] ?? this.#eof;
  }

  #fail(token: Token = this.#tok): never {
    const shown =
      token.kind === 'string'
        ? `'${token.value}'`
        : token.value === '<EOF>'
          ? '<EOF>'
          : `'${token.value}'`;
    throw queryError(this.soql, token.pos, 'MALFORMED_QUERY', `unexpected token: ${shown}`);
  }

  #isKeyword(word: string, offset = 0): boolean {
    const t = this.tokens[this.#i + offset];
    return t?.kind === 'ident' && t.value.toUpperCase() === word;
  }

  #keyword(word: string): Token {
    if (!this.#isKeyword(word)) this.#fail();
    return this.tokens[this.#i++] ?? this.#eof;
  }

  #acceptKeyword(word: string): boolean {
    if (!this.#isKeyword(word)) return false;
    this.#i++;
    return true;
  }

  #isPunct(p: string): boolean {
    return this.#tok.kind === 'punct' && this.#tok.value === p;
  }

  #punct(p: string): void {
    if (!this.#isPunct(p)) this.#fail();
    this.#i++;
  }

  parseQuery(nested: boolean): SoqlQuery {
    this.#keyword('SELECT');
    const select = this.#selectList();
    this.#keyword('FROM');
    const fromTok = this.#tok;
    // `Group` is an object as well as a keyword: after FROM it names the object.
    if (
      fromTok.kind !== 'ident' ||
      (RESERVED.has(fromTok.value.toUpperCase()) && fromTok.value.toUpperCase() !== 'GROUP')
    ) {
      this.#fail();
    }
    this.#i++;
    const where = this.#acceptKeyword('WHERE') ? this.#condition() : undefined;
    let orderBy: OrderItem[] = [];
    if (this.#isKeyword('ORDER')) {
      this.#i++;
      this.#keyword('BY');
      orderBy = this.#orderList();
    }
    const limit = this.#acceptKeyword('LIMIT') ? this.#integer() : undefined;
    const offset = this.#acceptKeyword('OFFSET') ? this.#integer() : undefined;
    if (this.#acceptKeyword('FOR')) {
      if (!(
        this.#acceptKeyword('VIEW') ||
        this.#acceptKeyword('REFERENCE') ||
        this.#acceptKeyword('UPDATE')
      ))
        this.#fail();
    }
    if (!nested && this.#tok.kind !== 'eof') this.#fail();
    return {
      select,
      from: { name: fromTok.value, pos: fromTok.pos },
      where,
      orderBy,
      limit,
      offset,
    };
  }

  #integer(): number {
    const t = this.#tok;
    if (t.kind !== 'number' || !/^\d+$/.test(t.value)) this.#fail();
    this.#i++;
    return Number(t.value);
  }

  #selectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      const t = this.#tok;
      if (this.#isKeyword('COUNT') && this.tokens[this.#i + 1]?.value === '(') {
        this.#i += 2;
        const path = this.#isPunct(')') ? undefined : this.#fieldPath();
        this.#punct(')');
        const aliasTok = this.#tok;
        const alias =
          aliasTok.kind === 'ident' && !RESERVED.has(aliasTok.value.toUpperCase())
            ? (this.#i++, aliasTok.value)
            : undefined;
        items.push({ kind: 'count', path, alias, pos: t.pos });
      } else if (this.#isPunct('(')) {
        throw queryError(
          this.soql,
          t.pos,
          'MALFORMED_QUERY',
          'Child relationship subqueries are not supported by this emulator',
        );
      } else {
        items.push({ kind: 'field', path: this.#fieldPath() });
      }
    } while (this.#isPunct(',') && ++this.#i);
    return items;
  }

  #fieldPath(): FieldPath {
    const first = this.#tok;
    if (first.kind !== 'ident' || RESERVED.has(first.value.toUpperCase())) this.#fail();
    this.#i++;
    const segments = [first.value];
    while (this.#isPunct('.')) {
      this.#i++;
      const t = this.#tok;
      if (t.kind !== 'ident') this.#fail();
      this.#i++;
      segments.push(t.value);
    }
    return { segments, pos: first.pos };
  }

  #condition(): Condition {
    const first = this.#unary();
    const conj = this.#isKeyword('AND') ? 'and' : this.#isKeyword('OR') ? 'or' : undefined;
    if (!conj) return first;
    const items = [first];
    while (this.#isKeyword(conj.toUpperCase())) {
      this.#i++;
      items.push(this.#unary());
    }
    // SOQL requires parentheses when AND and OR are mixed at one level.
    if (this.#isKeyword('AND') || this.#isKeyword('OR')) this.#fail();
    return { kind: conj, items };
  }

  #unary(): Condition {
    if (this.#acceptKeyword('NOT')) return { kind: 'not', item: this.#unary() };
    if (this.#isPunct('(')) {
      this.#i++;
      const inner = this.#condition();
      this.#punct(')');
      return inner;
    }
    return this.#predicate();
  }

  #predicate(): Condition {
    const path = this.#fieldPath();
    const t = this.#tok;
    if (t.kind === 'punct' && ['=', '!=', '<', '<=', '>', '>='].includes(t.value)) {
      this.#i++;
      return { kind: 'compare', path, op: t.value as ComparisonOperator, value: this.#literal() };
    }
    if (this.#acceptKeyword('LIKE')) return { kind: 'like', path, pattern: this.#literal() };
    if (this.#acceptKeyword('INCLUDES'))
      return { kind: 'includes', path, values: this.#literalList() };
    if (this.#acceptKeyword('EXCLUDES'))
      return { kind: 'excludes', path, values: this.#literalList() };
    let negated = false;
    if (this.#isKeyword('NOT') && this.#isKeyword('IN', 1)) {
      this.#i++;
      negated = true;
    }
    if (this.#acceptKeyword('IN')) {
      if (this.#isPunct('(') && this.#isKeyword('SELECT', 1)) {
        this.#i++;
        const sub = this.parseQuery(true);
        this.#punct(')');
        return { kind: 'in', path, negated, values: sub };
      }
      return { kind: 'in', path, negated, values: this.#literalList() };
    }
    return this.#fail();
  }

  #literalList(): Literal[] {
    this.#punct('(');
    const values: Literal[] = [this.#literal()];
    while (this.#isPunct(',')) {
      this.#i++;
      values.push(this.#literal());
    }
    this.#punct(')');
    return values;
  }

  #literal(): Literal {
    const t = this.#tok;
    this.#i++;
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, pos: t.pos };
      case 'number':
        return { kind: 'number', value: Number(t.value), pos: t.pos };
      case 'date':
        return { kind: 'date', value: t.value, pos: t.pos };
      case 'datetime':
        return { kind: 'datetime', value: t.value, pos: t.pos };
      case 'ident': {
        const word = t.value.toUpperCase();
        if (word === 'NULL') return { kind: 'null', pos: t.pos };
        if (word === 'TRUE' || word === 'FALSE')
          return { kind: 'boolean', value: word === 'TRUE', pos: t.pos };
        if (DATE_LITERALS.has(word))
          return { kind: 'dateLiteral', name: word, n: undefined, pos: t.pos };
        if (DATE_LITERALS_N.has(word)) {
          this.#punct(':');
          return { kind: 'dateLiteral', name: word, n: this.#integer(), pos: t.pos };
        }
        break;
      }
      default:
        break;
    }
    this.#i--;
    return this.#fail();
  }

  #orderList(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      const path = this.#fieldPath();
      const descending = this.#acceptKeyword('DESC') ? true : (this.#acceptKeyword('ASC'), false);
      let nullsLast = descending;
      if (this.#acceptKeyword('NULLS')) {
        if (this.#acceptKeyword('FIRST')) nullsLast = false;
        else if (this.#acceptKeyword('LAST')) nullsLast = true;
        else this.#fail();
      }
      items.push({ path, descending, nullsLast });
    } while (this.#isPunct(',') && ++this.#i);
    return items;
  }
}

/** Parses SOQL text; throws MALFORMED_QUERY in Salesforce's shape. */
export function parseSoql(soql: string): SoqlQuery {
  return new Parser(soql, tokenize(soql)).parseQuery(false);
}
