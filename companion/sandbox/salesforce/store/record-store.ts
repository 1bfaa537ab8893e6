import type { FieldDef, ObjectDef } from '../schema/types.js';
import type { SchemaRegistry } from '../schema/registry.js';
import { keyPrefixOf, normalizeId, salesforceId } from '../ids.js';

export type Row = Readonly<Record<string, unknown>>;

/** Index key of a unique or external-id value: case-folded unless the field is case sensitive. */
export function indexKey(field: FieldDef, value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const s = String(value);
  return field.caseSensitive ? s : s.toLowerCase();
}

/** The records of one object, with indexes on Id and on every unique or external-id field. */
export class Table {
  /** Every row by 18-character id, deleted ones (IsDeleted = true) included. */
  readonly rows = new Map<string, Row>();
  readonly indexedFields: readonly FieldDef[];
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  #liveCount = 0;
  #nextNumber = 1;
  #autoNumber = 0;

  constructor(readonly def: ObjectDef) {
    this.indexedFields = def.fields.filter((f) => f.unique || f.externalId);
    for (const f of this.indexedFields) this.#indexes.set(f.name, new Map());
  }

  get liveCount(): number {
    return this.#liveCount;
  }

  /** A fresh id of this object's key prefix, never used before in this table. */
  newId(): string {
    for (;;) {
      const id = salesforceId(this.def.keyPrefix, 900_000_000 + this.#nextNumber++);
      if (!this.rows.has(id)) return id;
    }
  }

  nextAutoNumber(): number {
    return ++this.#autoNumber;
  }

  /** Live (not deleted) row ids whose indexed field equals value (case rules of the field). */
  lookup(field: FieldDef, value: unknown): readonly string[] {
    const key = indexKey(field, value);
    const index = this.#indexes.get(field.name);
    if (key === undefined || !index) return [];
    const ids = index.get(key);
    return ids ? [...ids] : [];
  }

  hasIndex(field: FieldDef): boolean {
    return this.#indexes.has(field.name);
  }

  /** Replaces (or adds, or with undefined removes) the row stored under id, keeping indexes in step. */
  put(id: string, row: Row | undefined): void {
    const before = this.rows.get(id);
    if (before && !before['IsDeleted']) {
      this.#liveCount--;
      this.#unindex(id, before);
    }
    if (row === undefined) {
      this.rows.delete(id);
      return;
    }
    this.rows.set(id, row);
    if (!row['IsDeleted']) {
      this.#liveCount++;
      this.#index(id, row);
    }
  }

  clear(): void {
    this.rows.clear();
    for (const index of this.#indexes.values()) index.clear();
    this.#liveCount = 0;
    this.#autoNumber = 0;
  }

  #index(id: string, row: Row): void {
    for (const f of this.indexedFields) {
      const key = indexKey(f, row[f.name]);
      if (key === undefined) continue;
      const index = this.#indexes.get(f.name);
      if (!index) continue;
      let ids = index.get(key);
      if (!ids) index.set(key, (ids = new Set()));
      ids.add(id);
    }
  }

  #unindex(id: string, row: Row): void {
    for (const f of this.indexedFields) {
      const key = indexKey(f, row[f.name]);
      if (key === undefined) continue;
      const index = this.#indexes.get(f.name);
      const ids = index?.get(key);
      ids?.delete(id);
      if (ids && ids.size === 0) index?.delete(key);
    }
  }
}

/** Undo log of one transaction: every replaced row, so a failed all-or-none call restores them. */
export class Transaction {
  readonly #undo: { table: Table; id: string; before: Row | undefined }[] = [];

  record(table: Table, id: string): void {
    this.#undo.push({ table, id, before: table.rows.get(id) });
  }

  /** Takes over another transaction's undo entries (a record's work joining its call). */
  adopt(other: Transaction): void {
    this.#undo.push(...other.#undo);
    other.#undo.length = 0;
  }

  rollback(): void {
    for (const { table, id, before } of [...this.#undo].reverse()) table.put(id, before);
    this.#undo.length = 0;
  }
}

/** All tables of the org (platform events have none: they are published, not stored). */
export class RecordStore {
  readonly #tables = new Map<string, Table>();
  readonly #byPrefix = new Map<string, Table>();

  constructor(readonly registry: SchemaRegistry) {
    for (const def of registry.all()) {
      if (def.kind === 'event') continue;
      const table = new Table(def);
      this.#tables.set(def.name.toLowerCase(), table);
      this.#byPrefix.set(def.keyPrefix, table);
    }
  }

  table(name: string): Table | undefined {
    return this.#tables.get(name.toLowerCase());
  }

  /** The table of an object the schema is known to store (a programming error otherwise). */
  mustTable(name: string): Table {
    const table = this.#tables.get(name.toLowerCase());
    if (!table) throw new Error(`no table for ${name}`);
    return table;
  }

  tables(): readonly Table[] {
    return [...this.#tables.values()];
  }

  /** The table and row of an id (15 or 18 characters), deleted rows included. */
  locate(id: string): { table: Table; id: string; row: Row } | undefined {
    const id18 = normalizeId(id);
    if (!id18) return undefined;
    const table = this.#byPrefix.get(keyPrefixOf(id18));
    const row = table?.rows.get(id18);
    return table && row ? { table, id: id18, row } : undefined;
  }

  tableForId(id: string): Table | undefined {
    return this.#byPrefix.get(keyPrefixOf(id));
  }

  put(table: Table, id: string, row: Row | undefined, tx?: Transaction): void {
    tx?.record(table, id);
    table.put(id, row);
  }

  clear(): void {
    for (const table of this.#tables.values()) table.clear();
  }
}
