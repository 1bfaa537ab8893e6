import { normalizeId } from '../ids.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import { formatDateTime, parseDateTime } from '../store/field-values.js';
import type { Row } from '../store/record-store.js';
import type { Condition, Literal, SoqlQuery } from './ast.js';
import { dateLiteralRange } from './date-literals.js';
import { resolvePath } from './field-paths.js';
import type { PathContext, ResolvedPath } from './field-paths.js';
import { queryError } from './tokenizer.js';

export type Predicate = (row: Row) => boolean;

export interface CompileContext extends PathContext {
  readonly nowMs: number;
  /** Runs a semi-join subquery and returns the values of its single selected field. */
  readonly subquery: (query: SoqlQuery) => readonly unknown[];
}

type Kind = 'id' | 'text' | 'boolean' | 'number' | 'date' | 'datetime';

function kindOf(field: FieldDef): Kind {
  switch (field.type) {
    case 'id':
    case 'reference':
      return 'id';
    case 'boolean':
      return 'boolean';
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      return 'number';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'text';
  }
}

/** A normalised comparable value, or a [start, end) range for date literals. */
type Operand = { range: false; value: unknown } | { range: true; start: string; end: string };

function typeMismatch(
  ctx: CompileContext,
  field: FieldDef,
  literal: Literal,
  expected: string,
  quoted: boolean,
): Error {
  return queryError(
    ctx.soql,
    literal.pos,
    'INVALID_QUERY_FILTER_OPERATOR',
    `value of filter criterion for field '${field.name}' must be of type ${expected} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
  );
}

function operand(ctx: CompileContext, field: FieldDef, literal: Literal): Operand {
  if (literal.kind === 'null') return { range: false, value: null };
  const kind = kindOf(field);
  switch (kind) {
    case 'id': {
      if (literal.kind !== 'string') throw typeMismatch(ctx, field, literal, 'id', true);
      const id = normalizeId(literal.value);
      if (!id)
        throw queryError(
          ctx.soql,
          literal.pos,
          'INVALID_QUERY_FILTER_OPERATOR',
          `invalid ID field: ${literal.value}`,
        );
      return { range: false, value: id };
    }
    case 'text':
      if (literal.kind !== 'string') throw typeMismatch(ctx, field, literal, 'string', true);
      return { range: false, value: literal.value.toLowerCase() };
    case 'boolean':
      if (literal.kind !== 'boolean') throw typeMismatch(ctx, field, literal, 'boolean', false);
      return { range: false, value: literal.value };
    case 'number':
      if (literal.kind !== 'number') throw typeMismatch(ctx, field, literal, 'number', false);
      return { range: false, value: literal.value };
    case 'date':
    case 'datetime': {
      if (literal.kind === 'dateLiteral') {
        const { start, end } = dateLiteralRange(literal.name, literal.n, ctx.nowMs);
        const fmt = (ms: number) =>
          kind === 'date' ? new Date(ms).toISOString().slice(0, 10) : formatDateTime(new Date(ms));
        return { range: true, start: fmt(start), end: fmt(end) };
      }
      if (kind === 'date' && literal.kind === 'date') return { range: false, value: literal.value };
      if (kind === 'datetime' && literal.kind === 'datetime') {
        const ms = parseDateTime(literal.value);
        if (ms === undefined) throw typeMismatch(ctx, field, literal, 'dateTime', false);
        return { range: false, value: formatDateTime(new Date(ms)) };
      }
      throw typeMismatch(ctx, field, literal, kind === 'date' ? 'date' : 'dateTime', false);
    }
  }
}

/** The row's value in comparable form (ids normalised, text lower-cased). */
export function comparable(field: FieldDef, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kindOf(field)) {
    case 'text':
      return String(value).toLowerCase();
    case 'id':
      return typeof value === 'string' ? (normalizeId(value) ?? value) : value;
    default:
      return value;
  }
}

function compare(a: unknown, b: unknown): number {
  return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
}

function likeRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern.charAt(++i);
    } else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

function checkFilterable(ctx: CompileContext, path: ResolvedPath, pos: number): void {
  if (path.field.type === 'textarea' && (path.field.length ?? 0) > 255) {
    throw queryError(
      ctx.soql,
      pos,
      'INVALID_FIELD',
      `field '${path.field.name}' can not be filtered in query call`,
    );
  }
}

/** Compiles a WHERE condition into a row predicate, type-checking literals against fields. */
export function compileCondition(ctx: CompileContext, root: ObjectDef, cond: Condition): Predicate {
  switch (cond.kind) {
    case 'and': {
      const parts = cond.items.map((c) => compileCondition(ctx, root, c));
      return (row) => parts.every((p) => p(row));
    }
    case 'or': {
      const parts = cond.items.map((c) => compileCondition(ctx, root, c));
      return (row) => parts.some((p) => p(row));
    }
    case 'not': {
      const inner = compileCondition(ctx, root, cond.item);
      return (row) => !inner(row);
    }
    case 'compare': {
      const path = resolvePath(ctx, root, cond.path);
      checkFilterable(ctx, path, cond.path.pos);
      const field = path.field;
      const rhs = operand(ctx, field, cond.value);
      const read = (row: Row) => comparable(field, path.read(row));
      if (rhs.range) {
        const { start, end } = rhs;
        const test: Record<string, (v: string) => boolean> = {
          '=': (v) => v >= start && v < end,
          '!=': (v) => !(v >= start && v < end),
          '<': (v) => v < start,
          '<=': (v) => v < end,
          '>': (v) => v >= end,
          '>=': (v) => v >= start,
        };
        const t = test[cond.op] ?? (() => false);
        return (row) => {
          const v = read(row);
          return v === null ? cond.op === '!=' : t(String(v));
        };
      }
      const target = rhs.value;
      switch (cond.op) {
        case '=':
          return (row) => read(row) === target;
        case '!=':
          return (row) => read(row) !== target;
        default: {
          if (target === null) return () => false;
          const op = cond.op;
          return (row) => {
            const v = read(row);
            if (v === null) return false;
            const c = compare(v, target);
            return op === '<' ? c < 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c >= 0;
          };
        }
      }
    }
    case 'like': {
      const path = resolvePath(ctx, root, cond.path);
      checkFilterable(ctx, path, cond.path.pos);
      if (kindOf(path.field) !== 'text' && kindOf(path.field) !== 'id') {
        throw queryError(
          ctx.soql,
          cond.path.pos,
          'INVALID_FIELD',
          `invalid operator on ${path.field.type} field: ${path.field.name}`,
        );
      }
      if (cond.pattern.kind !== 'string')
        throw typeMismatch(ctx, path.field, cond.pattern, 'string', true);
      const re = likeRegex(cond.pattern.value);
      return (row) => {
        const v = path.read(row);
        return v !== null && re.test(String(v));
      };
    }
    case 'in': {
      const path = resolvePath(ctx, root, cond.path);
      checkFilterable(ctx, path, cond.path.pos);
      const field = path.field;
      const values = Array.isArray(cond.values)
        ? (cond.values as readonly Literal[]).map((l) => {
            const o = operand(ctx, field, l);
            if (o.range)
              throw queryError(
                ctx.soql,
                l.pos,
                'MALFORMED_QUERY',
                'date literals are not allowed in IN',
              );
            return o.value;
          })
        : ctx.subquery(cond.values as never).map((v) => comparable(field, v));
      const set = new Set(values);
      const negated = cond.negated;
      return (row) => set.has(comparable(field, path.read(row))) !== negated;
    }
    case 'includes':
    case 'excludes': {
      const path = resolvePath(ctx, root, cond.path);
      if (path.field.type !== 'multipicklist') {
        throw queryError(
          ctx.soql,
          cond.path.pos,
          'INVALID_FIELD',
          `invalid operator on ${path.field.type} field: ${path.field.name}`,
        );
      }
      const wanted = cond.values.map((l) => {
        if (l.kind !== 'string') throw typeMismatch(ctx, path.field, l, 'string', true);
        return l.value.toLowerCase().split(';');
      });
      const includes = cond.kind === 'includes';
      return (row) => {
        const v = path.read(row);
        const have = new Set(v === null ? [] : String(v).toLowerCase().split(';'));
        const any = wanted.some((all) => all.every((w) => have.has(w)));
        return any === includes;
      };
    }
  }
}
