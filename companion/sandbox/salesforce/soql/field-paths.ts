import type { SchemaRegistry } from '../schema/registry.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import type { RecordStore, Row } from '../store/record-store.js';
import type { FieldPath } from './ast.js';
import { queryError } from './tokenizer.js';

/** Fields a polymorphic relationship (Owner on Case, Who/What on Task) exposes: the `Name` entity. */
const NAME_ENTITY_FIELDS = [
  'Id',
  'Name',
  'FirstName',
  'LastName',
  'Type',
  'Alias',
  'Email',
  'IsActive',
  'Username',
  'Title',
  'Phone',
  'UserRoleId',
  'ProfileId',
  'FederationIdentifier',
];
const NAME_ENTITY = new Map(NAME_ENTITY_FIELDS.map((f) => [f.toLowerCase(), f]));

/** A resolved path from the queried object to a field, through parent relationships. */
export interface ResolvedPath {
  /** Relationship (reference) fields walked, in order. */
  readonly hops: readonly FieldDef[];
  /** The final field; for a polymorphic last hop, the `Name` entity's field name. */
  readonly field: FieldDef;
  /** Canonical API names: relationship names then the field name. */
  readonly names: readonly string[];
  readonly polymorphic: boolean;
  read(row: Row): unknown;
}

export interface PathContext {
  readonly soql: string;
  readonly registry: SchemaRegistry;
  readonly store: RecordStore;
}

function noSuchColumn(ctx: PathContext, pos: number, column: string, entity: string): Error {
  return queryError(
    ctx.soql,
    pos,
    'INVALID_FIELD',
    `No such column '${column}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

/** The parent row a reference field points at, if it exists and is not deleted. */
export function parentRow(
  store: RecordStore,
  value: unknown,
): { row: Row; type: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const found = store.locate(value);
  if (!found || found.row['IsDeleted']) return undefined;
  return { row: found.row, type: found.table.def.name };
}

export function resolvePath(ctx: PathContext, root: ObjectDef, path: FieldPath): ResolvedPath {
  let segments = path.segments;
  if (
    segments.length > 1 &&
    segments[0]?.toLowerCase() === root.name.toLowerCase() &&
    !root.relationships.has(root.name.toLowerCase())
  ) {
    segments = segments.slice(1);
  }
  const hops: FieldDef[] = [];
  const names: string[] = [];
  let current = root;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] ?? '';
    const hop = current.relationships.get(segment.toLowerCase());
    if (!hop) {
      throw queryError(
        ctx.soql,
        path.pos,
        'INVALID_FIELD',
        `Didn't understand relationship '${segment}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    hops.push(hop);
    names.push(hop.relationshipName ?? hop.name);
    const targets = hop.referenceTo
      .map((t) => ctx.registry.get(t))
      .filter((t): t is ObjectDef => !!t);
    if (hop.referenceTo.length > 1 || targets.length === 0) {
      if (i !== segments.length - 2) {
        throw noSuchColumn(ctx, path.pos, segments[i + 1] ?? '', 'Name');
      }
      const last = segments[segments.length - 1] ?? '';
      const name = NAME_ENTITY.get(last.toLowerCase());
      if (!name) throw noSuchColumn(ctx, path.pos, last, 'Name');
      const field: FieldDef = {
        name,
        label: name,
        type:
          name === 'Id' || name.endsWith('Id')
            ? 'reference'
            : name === 'IsActive'
              ? 'boolean'
              : 'string',
        createable: false,
        updateable: false,
        required: false,
        unique: false,
        externalId: false,
        caseSensitive: false,
        calculated: false,
        restricted: false,
        referenceTo: [],
      };
      return build(ctx, hops, field, [...names, name], true);
    }
    current = targets[0] ?? current;
  }
  const last = segments[segments.length - 1] ?? '';
  const field = current.fieldsByLowerName.get(last.toLowerCase());
  if (!field) throw noSuchColumn(ctx, path.pos, last, current.name);
  return build(ctx, hops, field, [...names, field.name], false);
}

function build(
  ctx: PathContext,
  hops: FieldDef[],
  field: FieldDef,
  names: string[],
  polymorphic: boolean,
): ResolvedPath {
  const name = field.name;
  if (hops.length === 0) {
    return { hops, field, names, polymorphic, read: (row) => row[name] ?? null };
  }
  return {
    hops,
    field,
    names,
    polymorphic,
    read(row) {
      let current: Row = row;
      let type = '';
      for (const hop of hops) {
        const parent = parentRow(ctx.store, current[hop.name]);
        if (!parent) return null;
        current = parent.row;
        type = parent.type;
      }
      if (polymorphic && name === 'Type') return type;
      return current[name] ?? null;
    },
  };
}
