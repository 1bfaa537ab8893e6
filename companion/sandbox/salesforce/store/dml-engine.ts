import type { RecordChange } from '../change-events.js';
import { RecordSaveError, saveError } from '../errors.js';
import type { SaveError } from '../errors.js';
import { keyPrefixOf, normalizeId } from '../ids.js';
import type { SchemaRegistry } from '../schema/registry.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import { applyDerivedFields, formatAutoNumber } from './derived-fields.js';
import { formatDateTime } from './field-values.js';
import type { RecordInput } from './record-input.js';
import { checkRecordRules, roundToScale } from './record-rules.js';
import type { RecordStore, Row, Table, Transaction } from './record-store.js';

export interface SaveOutcome {
  readonly id: string;
  readonly created: boolean;
  readonly change: RecordChange;
}

/** Upsert found more than one record with the external id value. */
export class MultipleMatchesError extends Error {
  constructor(
    readonly field: string,
    readonly ids: readonly string[],
  ) {
    super('Multiple records found');
  }
}

const NOT_IN_CHANGE = new Set(['Id', 'IsDeleted', 'SystemModstamp']);

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

/** Creates, updates, upserts and deletes records with Salesforce's save rules. */
export class DmlEngine {
  #lastMs = 0;

  constructor(
    private readonly store: RecordStore,
    private readonly registry: SchemaRegistry,
    private readonly clock: () => Date,
  ) {}

  /** Commit time, never earlier than the previous one. */
  now(): string {
    const ms = Math.max(this.clock().getTime(), this.#lastMs);
    this.#lastMs = ms;
    return formatDateTime(new Date(ms));
  }

  tableOf(def: ObjectDef, operation: 'inserted' | 'updated' | 'deleted' | 'upserted'): Table {
    const table = this.store.table(def.name);
    if (!table || def.kind === 'metadata' || def.kind === 'event') {
      throw RecordSaveError.of(
        'INVALID_TYPE_FOR_OPERATION',
        `entity type cannot be ${operation}: ${def.name}`,
      );
    }
    return table;
  }

  create(def: ObjectDef, input: RecordInput, userId: string, tx: Transaction): SaveOutcome {
    const table = this.tableOf(def, 'inserted');
    if (input.hasId) {
      throw RecordSaveError.of(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        'cannot specify Id in an insert call',
        ['Id'],
      );
    }
    this.#checkWritable(def, input, true);
    const now = this.now();
    const row: Record<string, unknown> = {};
    for (const f of def.fields) {
      row[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
    }
    for (const [name, value] of input.values) row[name] = this.#stored(def, name, value);
    this.#resolveForeignKeys(input, row);
    const id = table.newId();
    Object.assign(row, {
      Id: id,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: userId,
      LastModifiedDate: now,
      LastModifiedById: userId,
      SystemModstamp: now,
    });
    if (def.fieldsByLowerName.has('ownerid') && row['OwnerId'] == null) row['OwnerId'] = userId;
    for (const f of def.fields) {
      if (f.autoNumber)
        row[f.name] = formatAutoNumber(f.displayFormat ?? '{00000000}', table.nextAutoNumber());
    }
    applyDerivedFields(def, row, undefined, now);
    const touched = new Set([
      ...input.values.keys(),
      ...input.foreignKeys.map((r) => r.field.name),
    ]);
    if (def.fieldsByLowerName.has('ownerid')) touched.add('OwnerId');
    this.#validate(def, table, id, row, touched, true);
    this.store.put(table, id, row, tx);
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (v !== null && !NOT_IN_CHANGE.has(k)) fields[k] = v;
    }
    return {
      id,
      created: true,
      change: { entityName: def.name, changeType: 'CREATE', recordId: id, fields },
    };
  }

  update(
    def: ObjectDef,
    id: string,
    input: RecordInput,
    userId: string,
    tx: Transaction,
  ): SaveOutcome {
    const table = this.tableOf(def, 'updated');
    const before = this.#existing(table, id);
    if (def.name === 'Lead' && before['IsConverted'] === true) {
      throw RecordSaveError.of('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    }
    this.#checkWritable(def, input, false);
    const now = this.now();
    const row: Record<string, unknown> = { ...before };
    for (const [name, value] of input.values) row[name] = this.#stored(def, name, value);
    this.#resolveForeignKeys(input, row);
    Object.assign(row, { LastModifiedDate: now, LastModifiedById: userId, SystemModstamp: now });
    applyDerivedFields(def, row, before, now);
    const touched = new Set([
      ...input.values.keys(),
      ...input.foreignKeys.map((r) => r.field.name),
    ]);
    this.#validate(def, table, id, row, touched, false);
    this.store.put(table, id, row, tx);
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (!NOT_IN_CHANGE.has(k) && !sameValue(before[k], v)) fields[k] = v;
    }
    fields['LastModifiedDate'] = now;
    fields['LastModifiedById'] = userId;
    return {
      id,
      created: false,
      change: { entityName: def.name, changeType: 'UPDATE', recordId: id, fields },
    };
  }

  /** Finds by external id, then updates the one match or creates; throws MultipleMatchesError. */
  upsert(
    def: ObjectDef,
    extField: FieldDef,
    extValue: unknown,
    input: RecordInput,
    userId: string,
    tx: Transaction,
  ): SaveOutcome {
    const table = this.tableOf(def, 'upserted');
    const matches = table.lookup(extField, extValue);
    if (matches.length > 1) throw new MultipleMatchesError(extField.name, matches);
    const [match] = matches;
    if (match !== undefined) return this.update(def, match, input, userId, tx);
    const values = new Map(input.values);
    values.set(extField.name, extValue);
    return this.create(def, { ...input, values }, userId, tx);
  }

  remove(def: ObjectDef, id: string, userId: string, tx: Transaction): SaveOutcome {
    const table = this.tableOf(def, 'deleted');
    const before = this.#existing(table, id);
    const now = this.now();
    this.store.put(
      table,
      id,
      {
        ...before,
        IsDeleted: true,
        LastModifiedById: userId,
        LastModifiedDate: now,
        SystemModstamp: now,
      },
      tx,
    );
    return {
      id,
      created: false,
      change: { entityName: def.name, changeType: 'DELETE', recordId: id, fields: {} },
    };
  }

  #existing(table: Table, id: string): Row {
    const row = table.rows.get(id);
    if (!row) throw RecordSaveError.of('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    if (row['IsDeleted']) throw RecordSaveError.of('ENTITY_IS_DELETED', 'entity is deleted');
    return row;
  }

  #stored(def: ObjectDef, name: string, value: unknown): unknown {
    const field = def.fieldsByLowerName.get(name.toLowerCase());
    if (!field) return value;
    if (value === null && field.type === 'boolean') return false;
    if (field.type === 'reference' && typeof value === 'string') return normalizeId(value) ?? value;
    return roundToScale(field, value);
  }

  #checkWritable(def: ObjectDef, input: RecordInput, creating: boolean): void {
    const names = [...input.values.keys(), ...input.foreignKeys.map((r) => r.field.name)];
    const bad = names.filter((name) => {
      const f = def.fieldsByLowerName.get(name.toLowerCase());
      return creating ? f?.createable !== true : f?.updateable !== true;
    });
    if (bad.length > 0) {
      throw RecordSaveError.of(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${bad.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        bad,
      );
    }
  }

  #resolveForeignKeys(input: RecordInput, row: Record<string, unknown>): void {
    for (const ref of input.foreignKeys) {
      const targetTable = this.store.table(ref.target.name);
      const ids =
        ref.targetField.name === 'Id'
          ? [normalizeId(String(ref.value))].filter(
              (id): id is string => !!id && targetTable?.rows.get(id)?.['IsDeleted'] === false,
            )
          : (targetTable?.lookup(ref.targetField, ref.value) ?? []);
      if (ids.length === 0) {
        throw RecordSaveError.of(
          'INVALID_FIELD',
          `Foreign key external ID: ${String(ref.value)} not found for field ${ref.targetField.name} in entity ${ref.target.name}`,
        );
      }
      if (ids.length > 1) {
        throw RecordSaveError.of(
          'INVALID_FIELD',
          `More than 1 record found for external id field ${ref.targetField.name} in entity ${ref.target.name}`,
        );
      }
      row[ref.field.name] = ids[0];
    }
  }

  #validate(
    def: ObjectDef,
    table: Table,
    id: string,
    row: Record<string, unknown>,
    touched: Set<string>,
    creating: boolean,
  ): void {
    const ruleErrors = checkRecordRules(def, row, touched, creating);
    if (ruleErrors.length > 0) throw new RecordSaveError(ruleErrors);
    for (const name of touched) {
      const field = def.fieldsByLowerName.get(name.toLowerCase());
      if (field?.type !== 'reference') continue;
      const error = this.#checkReference(def, field, row[field.name]);
      if (error) throw new RecordSaveError([error]);
    }
    for (const field of table.indexedFields) {
      if (!field.unique || !touched.has(field.name)) continue;
      const other = table.lookup(field, row[field.name]).find((otherId) => otherId !== id);
      if (other) {
        throw RecordSaveError.of(
          'DUPLICATE_VALUE',
          `duplicate value found: ${field.name} duplicates value on record with id: ${other}`,
        );
      }
    }
  }

  #checkReference(def: ObjectDef, field: FieldDef, value: unknown): SaveError | undefined {
    if (value === null || value === undefined || value === '') return undefined;
    const id = normalizeId(String(value));
    if (!id) {
      return saveError(
        'MALFORMED_ID',
        `${field.label}: id value of incorrect type: ${String(value)}`,
        [field.name],
      );
    }
    const targetDef = this.registry.byKeyPrefix(keyPrefixOf(id));
    const known = field.referenceTo.filter((name) => this.registry.get(name));
    if (known.length === 0) return undefined; // a target this emulator does not model
    if (!targetDef || !known.some((name) => name.toLowerCase() === targetDef.name.toLowerCase())) {
      return saveError(
        'FIELD_INTEGRITY_EXCEPTION',
        `${field.label}: id value of incorrect type: ${String(value)}`,
        [field.name],
      );
    }
    const target = this.store.table(targetDef.name)?.rows.get(id);
    if (!target)
      return saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field.name]);
    if (target['IsDeleted'])
      return saveError('ENTITY_IS_DELETED', 'entity is deleted', [field.name]);
    if (field.name === 'OwnerId') return this.#checkOwner(def, targetDef, id, target);
    return undefined;
  }

  #checkOwner(
    def: ObjectDef,
    targetDef: ObjectDef,
    id: string,
    target: Row,
  ): SaveError | undefined {
    if (targetDef.name === 'User' && target['IsActive'] === false) {
      return saveError(
        'INACTIVE_OWNER_OR_USER',
        `operation performed with inactive user [${id}] as owner of ${def.name.toLowerCase()}`,
        [],
      );
    }
    if (targetDef.name === 'Group') {
      const queues = this.store.table('QueueSobject');
      const supported =
        target['Type'] === 'Queue' &&
        [...(queues?.rows.values() ?? [])].some(
          (q) => !q['IsDeleted'] && q['QueueId'] === id && q['SobjectType'] === def.name,
        );
      if (!supported) {
        return saveError(
          'FIELD_INTEGRITY_EXCEPTION',
          `Owner ID: id value of incorrect type: ${id}`,
          ['OwnerId'],
        );
      }
    }
    return undefined;
  }
}
