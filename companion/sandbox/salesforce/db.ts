import type { WriteContext } from './change-events.js';
import { newWriteContext } from './write-context.js';
import type { RecordResult, SalesforceOrg } from './org.js';
import type { ObjectDef } from './schema/types.js';
import { parseRecordInput } from './store/record-input.js';
import { normalizeId } from './ids.js';
import { executeSoql } from './soql/query-executor.js';
import type { SoqlRecord } from './soql/query-executor.js';

export type DbRecord = Record<string, unknown>;

export interface DbWriteOptions {
  /** User the write is made as (default: the integration user). */
  readonly userId?: string;
  /** `client=` of the change origin (default none, like an edit in the Salesforce UI). */
  readonly clientId?: string;
}

/**
 * Direct access to the emulated org's records for tests and demos: read what the API wrote,
 * and make edits "inside Salesforce" (validated like API writes, reported to the change sink
 * with api 'emulator').
 */
export class SalesforceDb {
  constructor(private readonly org: SalesforceOrg) {}

  #def(objectName: string): ObjectDef {
    const def = this.org.registry.get(objectName);
    if (!def || !this.org.store.table(def.name))
      throw new Error(`unknown sObject type ${objectName}`);
    return def;
  }

  get(objectName: string, id: string): DbRecord | undefined {
    const def = this.#def(objectName);
    const id18 = normalizeId(id);
    const row = id18 ? this.org.store.mustTable(def.name).rows.get(id18) : undefined;
    return row && !row['IsDeleted'] ? { ...row } : undefined;
  }

  all(objectName: string, options: { includeDeleted?: boolean } = {}): DbRecord[] {
    const def = this.#def(objectName);
    const out: DbRecord[] = [];
    for (const row of this.org.store.mustTable(def.name).rows.values()) {
      if (!row['IsDeleted'] || options.includeDeleted) out.push({ ...row });
    }
    return out;
  }

  find(objectName: string, predicate: (record: DbRecord) => boolean): DbRecord[] {
    return this.all(objectName).filter(predicate);
  }

  count(objectName: string): number {
    return this.org.store.mustTable(this.#def(objectName).name).liveCount;
  }

  /** Record counts of every object that has records. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const table of this.org.store.tables()) {
      if (table.liveCount > 0) counts[table.def.name] = table.liveCount;
    }
    return counts;
  }

  /** Runs SOQL and returns every matching record (no paging). */
  query(soql: string, options: { includeDeleted?: boolean } = {}): SoqlRecord[] {
    const outcome = executeSoql(
      {
        registry: this.org.registry,
        store: this.org.store,
        nowMs: () => this.org.clock().getTime(),
      },
      soql,
      { includeDeleted: options.includeDeleted ?? false, apiVersion: '62.0' },
    );
    if (outcome.kind === 'records') return outcome.rows.map(outcome.project);
    if (outcome.kind === 'aggregate') return [...outcome.records];
    return [{ expr0: outcome.totalSize }];
  }

  insert(objectName: string, fields: DbRecord, options: DbWriteOptions = {}): string {
    const def = this.#def(objectName);
    const input = parseRecordInput(this.org.registry, def, fields, { fromText: false });
    return this.#run(options, (ctx) =>
      this.org.runOne(ctx, (engine, userId, tx) => engine.create(def, input, userId, tx)),
    );
  }

  update(objectName: string, id: string, fields: DbRecord, options: DbWriteOptions = {}): void {
    const def = this.#def(objectName);
    const input = parseRecordInput(this.org.registry, def, fields, { fromText: false });
    const id18 = normalizeId(id) ?? id;
    this.#run(options, (ctx) =>
      this.org.runOne(ctx, (engine, userId, tx) => engine.update(def, id18, input, userId, tx)),
    );
  }

  delete(objectName: string, id: string, options: DbWriteOptions = {}): void {
    const def = this.#def(objectName);
    const id18 = normalizeId(id) ?? id;
    this.#run(options, (ctx) =>
      this.org.runOne(ctx, (engine, userId, tx) => engine.remove(def, id18, userId, tx)),
    );
  }

  #run(options: DbWriteOptions, write: (context: WriteContext) => RecordResult): string {
    const context = newWriteContext({
      callOptions: options.clientId ? `client=${options.clientId}` : undefined,
      apiVersion: '62.0',
      api: 'emulator',
      userId: options.userId ?? this.org.runAsUserId,
    });
    const result = write(context);
    if (!result.ok) {
      throw new Error(result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
    }
    return result.id;
  }
}
