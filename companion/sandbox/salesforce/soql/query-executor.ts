import type { SchemaRegistry } from '../schema/registry.js';
import type { ObjectDef } from '../schema/types.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { Condition, SoqlQuery } from './ast.js';
import { comparable, compileCondition } from './condition-compiler.js';
import type { CompileContext } from './condition-compiler.js';
import { parentRow, resolvePath } from './field-paths.js';
import type { ResolvedPath } from './field-paths.js';
import { parseSoql } from './parser.js';
import { queryError } from './tokenizer.js';
import { normalizeId } from '../ids.js';

export interface QueryEnvironment {
  readonly registry: SchemaRegistry;
  readonly store: RecordStore;
  readonly nowMs: () => number;
}

export type SoqlRecord = Record<string, unknown>;

export type QueryOutcome =
  | {
      readonly kind: 'records';
      readonly objectName: string;
      readonly rows: readonly Row[];
      readonly project: (row: Row) => SoqlRecord;
    }
  | { readonly kind: 'count'; readonly totalSize: number }
  | { readonly kind: 'aggregate'; readonly records: readonly SoqlRecord[] };

const MAX_OFFSET = 2000;

function recordUrl(apiVersion: string, type: string, id: unknown): string {
  return `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}`;
}

function makeProjector(
  env: QueryEnvironment,
  root: ObjectDef,
  paths: readonly ResolvedPath[],
  apiVersion: string,
): (row: Row) => SoqlRecord {
  return (row) => {
    const record: SoqlRecord = {
      attributes: { type: root.name, url: recordUrl(apiVersion, root.name, row['Id']) },
    };
    for (const path of paths) {
      let target: SoqlRecord = record;
      let current: Row | undefined = row;
      let type = root.name;
      for (const [i, hop] of path.hops.entries()) {
        const key = path.names[i] ?? hop.name;
        const parent = parentRow(env.store, current[hop.name]);
        if (!parent) {
          if (!(key in target)) target[key] = null;
          current = undefined;
          break;
        }
        current = parent.row;
        type = parent.type;
        let nested = target[key] as SoqlRecord | null | undefined;
        if (!nested) {
          nested = { attributes: { type, url: recordUrl(apiVersion, type, current['Id']) } };
          target[key] = nested;
        }
        target = nested;
      }
      if (!current) continue;
      const name = path.names[path.names.length - 1] ?? path.field.name;
      target[name] =
        path.polymorphic && name === 'Type' ? type : (current[path.field.name] ?? null);
    }
    return record;
  };
}

/** Candidate ids from an index when the condition pins an indexed root field (Id, unique, external id). */
function indexedCandidates(
  env: QueryEnvironment,
  ctx: CompileContext,
  root: ObjectDef,
  cond: Condition | undefined,
): Row[] | undefined {
  if (!cond) return undefined;
  const table = env.store.mustTable(root.name);
  const conjuncts = cond.kind === 'and' ? cond.items : [cond];
  for (const c of conjuncts) {
    if (!(
      (c.kind === 'compare' && c.op === '=') ||
      (c.kind === 'in' && !c.negated && Array.isArray(c.values))
    ))
      continue;
    if (c.path.segments.length !== 1) continue;
    const path = resolvePath(ctx, root, c.path);
    const field = path.field;
    const isId = field.name === 'Id';
    if (!isId && !table.hasIndex(field)) continue;
    const literals: readonly { kind: string; value?: unknown }[] =
      c.kind === 'compare' ? [c.value] : (c.values as readonly { kind: string; value?: unknown }[]);
    if (literals.some((l) => l.kind !== 'string')) continue;
    const rows: Row[] = [];
    const seen = new Set<string>();
    for (const l of literals) {
      const value = String(l.value);
      const ids = isId
        ? [normalizeId(value)].filter((id): id is string => !!id)
        : table.lookup(field, value);
      for (const id of ids) {
        const row = table.rows.get(id);
        if (row && !seen.has(id)) {
          seen.add(id);
          rows.push(row);
        }
      }
    }
    return rows;
  }
  return undefined;
}

function sortRows(
  rows: Row[],
  order: readonly { path: ResolvedPath; descending: boolean; nullsLast: boolean }[],
): Row[] {
  if (order.length === 0) return rows;
  const keyed = rows.map((row, index) => ({
    row,
    index,
    keys: order.map((o) => comparable(o.path.field, o.path.read(row))),
  }));
  keyed.sort((a, b) => {
    for (const [i, o] of order.entries()) {
      const x = a.keys[i];
      const y = b.keys[i];
      if (x === y) continue;
      if (x === null) return o.nullsLast ? 1 : -1;
      if (y === null) return o.nullsLast ? -1 : 1;
      const c = (x as string) < (y as string) ? -1 : 1;
      return o.descending ? -c : c;
    }
    return a.index - b.index;
  });
  return keyed.map((k) => k.row);
}

function run(
  env: QueryEnvironment,
  soql: string,
  query: SoqlQuery,
  options: { includeDeleted: boolean; apiVersion: string },
): QueryOutcome {
  const root = env.registry.get(query.from.name);
  if (!root || root.kind === 'event') {
    throw queryError(
      soql,
      query.from.pos,
      'INVALID_TYPE',
      `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  const ctx: CompileContext = {
    soql,
    registry: env.registry,
    store: env.store,
    nowMs: env.nowMs(),
    subquery: (sub) => {
      const outcome = run(env, soql, sub, {
        includeDeleted: false,
        apiVersion: options.apiVersion,
      });
      if (
        outcome.kind !== 'records' ||
        sub.select.length !== 1 ||
        sub.select[0]?.kind !== 'field'
      ) {
        throw queryError(
          soql,
          sub.from.pos,
          'MALFORMED_QUERY',
          'semi join sub-selects must select exactly one field',
        );
      }
      const selected = sub.select[0];
      const subRoot = env.registry.get(sub.from.name);
      if (selected?.kind !== 'field' || !subRoot) throw new Error('unreachable: checked above');
      const path = resolvePath(ctx, subRoot, selected.path);
      if (path.field.type !== 'id' && path.field.type !== 'reference') {
        throw queryError(
          soql,
          selected.path.pos,
          'MALFORMED_QUERY',
          'semi join sub-selects can only select id fields',
        );
      }
      return outcome.rows.map((r) => path.read(r));
    },
  };
  const fieldItems = query.select.filter((s) => s.kind === 'field');
  const countItems = query.select.filter((s) => s.kind === 'count');
  const paths = fieldItems.map((s) => resolvePath(ctx, root, s.path));
  if (countItems.length > 0 && fieldItems.length > 0) {
    throw queryError(
      soql,
      fieldItems[0]?.path.pos ?? 0,
      'MALFORMED_QUERY',
      `Field must be grouped or aggregated: ${paths[0]?.field.name ?? ''}`,
    );
  }
  const countPaths = countItems.map((c) => (c.path ? resolvePath(ctx, root, c.path) : undefined));
  const predicate = query.where ? compileCondition(ctx, root, query.where) : undefined;
  const order = query.orderBy.map((o) => ({
    path: resolvePath(ctx, root, o.path),
    descending: o.descending,
    nullsLast: o.nullsLast,
  }));
  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw queryError(
      soql,
      query.from.pos,
      'NUMBER_OUTSIDE_VALID_RANGE',
      `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
    );
  }

  const table = env.store.mustTable(root.name);
  const candidates = indexedCandidates(env, ctx, root, query.where) ?? table.rows.values();
  let rows: Row[] = [];
  for (const row of candidates) {
    if (row['IsDeleted'] && !options.includeDeleted) continue;
    if (predicate && !predicate(row)) continue;
    rows.push(row);
  }
  rows = sortRows(rows, order);
  const offset = query.offset ?? 0;
  if (offset > 0 || query.limit !== undefined) {
    rows = rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  }

  if (countItems.length === 1 && !countItems[0]?.path)
    return { kind: 'count', totalSize: rows.length };
  if (countItems.length > 0) {
    const record: SoqlRecord = { attributes: { type: 'AggregateResult' } };
    countItems.forEach((item, i) => {
      const path = countPaths[i];
      const n = path ? rows.filter((r) => path.read(r) !== null).length : rows.length;
      record[item.alias ?? `expr${i}`] = n;
    });
    return { kind: 'aggregate', records: [record] };
  }
  return {
    kind: 'records',
    objectName: root.name,
    rows,
    project: makeProjector(env, root, paths, options.apiVersion),
  };
}

/** Parses and runs SOQL against the store. */
export function executeSoql(
  env: QueryEnvironment,
  soql: string,
  options: { includeDeleted: boolean; apiVersion: string },
): QueryOutcome {
  return run(env, soql, parseSoql(soql), options);
}
