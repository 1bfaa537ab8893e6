import type { SentEmail } from './http/email-action.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeedData, SeedRecordSet, SfRecord } from '../seed.js';
import { INTEGRATION_USERNAME } from '../seed.js';
import type { ChangeEventSink, RecordChange, WriteContext } from './change-events.js';
import { RecordSaveError, saveError } from './errors.js';
import type { SaveError } from './errors.js';
import { salesforceId } from './ids.js';
import { LockContention } from './lock-contention.js';
import type { SchemaRegistry } from './schema/registry.js';
import type { CustomMetadataRecord, ObjectDef } from './schema/types.js';
import { DmlEngine, MultipleMatchesError } from './store/dml-engine.js';
import type { SaveOutcome } from './store/dml-engine.js';
import { applyDerivedFields, formatAutoNumber } from './store/derived-fields.js';
import { formatDateTime, seedValue } from './store/field-values.js';
import { RecordStore, Transaction } from './store/record-store.js';
import type { Row } from './store/record-store.js';
import { QueryCursors } from './soql/query-cursors.js';
import {
  assignedOwner,
  assignmentChoice,
  ruleFor,
  type AssignmentChoice,
  type AssignmentRuleSeed,
} from './lead-assignment.js';
import {
  convertLead,
  readLeadConvertMappings,
  type LeadConvertMapping,
  type LeadConvertRequest,
  type LeadConvertResult,
} from './lead-conversion.js';
import { newWriteContext } from './write-context.js';

export const NO_OP_SINK: ChangeEventSink = {
  recordChanges: () => undefined,
  publishPlatformEvent: () => 0,
};

/** Outcome of one record in a DML call, before it is shaped for REST, collections or Bulk. */
export type RecordResult =
  | { readonly ok: true; readonly id: string; readonly created: boolean }
  | { readonly ok: false; readonly id: string | null; readonly errors: readonly SaveError[] };

/** One unit of work in a DML call: runs against the engine, or fails before touching it. */
export type RecordOperation = (engine: DmlEngine, userId: string, tx: Transaction) => SaveOutcome;

function lockError(id: string): SaveError {
  return saveError(
    'UNABLE_TO_LOCK_ROW',
    `unable to obtain exclusive access to this record or 1 records: ${id}`,
  );
}

export const ALL_OR_NONE_ROLLED_BACK: SaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

const SEED_OBJECTS: readonly [SeedRecordSet, string][] = [
  ['users', 'User'],
  ['groups', 'Group'],
  ['accounts', 'Account'],
  ['contacts', 'Contact'],
  ['leads', 'Lead'],
  ['opportunities', 'Opportunity'],
  ['cases', 'Case'],
];

/** The emulated org's state: schema, records, cursors, and the sink committed writes go to. */
export class SalesforceOrg {
  readonly store: RecordStore;
  readonly engine: DmlEngine;
  readonly cursors = new QueryCursors();
  sink: ChangeEventSink;
  readonly seedWarnings: string[] = [];
  /** Custom Lead fields copied on conversion (force-app LeadConvertSettings). */
  readonly leadConvertMappings: readonly LeadConvertMapping[];
  #runAsUserId = '';
  #assignmentRules: readonly AssignmentRuleSeed[] = [];

  constructor(
    readonly registry: SchemaRegistry,
    readonly customMetadata: readonly CustomMetadataRecord[],
    readonly orgId: string,
    readonly clock: () => Date,
    sink: ChangeEventSink,
    private readonly options: {
      forceAppDir: string | undefined;
      runAsUsername: string | undefined;
    },
  ) {
    this.store = new RecordStore(registry);
    this.engine = new DmlEngine(this.store, registry, clock);
    this.sink = sink;
    this.leadConvertMappings = readLeadConvertMappings(options.forceAppDir);
  }

  /** The user client-credentials tokens run as (the connected app's "Run As" user). */
  get runAsUserId(): string {
    return this.#runAsUserId;
  }

  findUserByUsername(username: string): Row | undefined {
    const users = this.store.mustTable('User');
    const usernameField = users.def.fieldsByLowerName.get('username');
    const id = usernameField ? users.lookup(usernameField, username)[0] : undefined;
    return id ? users.rows.get(id) : undefined;
  }

  /** Empties the org and loads custom metadata records plus the seed, if any. */
  reset(seed?: SeedData['salesforce']): void {
    this.store.clear();
    this.cursors.clear();
    this.seedWarnings.length = 0;
    this.emails.length = 0;
    const now = formatDateTime(this.clock());
    this.#loadCustomMetadata(now);
    this.#loadLeadStatuses(now);
    for (const [key, objectName] of SEED_OBJECTS) {
      for (const record of seed?.[key] ?? []) this.#loadSeedRecord(objectName, record, now);
    }
    this.#ensureRunAsUser(now);
    this.#loadQueueSobjects(seed?.queueSobjects ?? [], now);
    this.#ensureQueueObjects(now);
    this.#loadAssignmentRules(seed?.assignmentRules ?? [], now);
    this.#loadNotificationTypes();
  }

  /** Reports one committed transaction to the streaming layer. */
  commit(context: WriteContext, changes: readonly RecordChange[]): void {
    if (changes.length > 0) this.sink.recordChanges(context, changes);
  }

  /**
   * Runs record operations as one call. With allOrNone, one failure rolls back all and the
   * others report ALL_OR_NONE_OPERATION_ROLLED_BACK; otherwise each record stands alone.
   * Successful changes are committed to the sink as one transaction.
   */
  runOperations(
    context: WriteContext,
    operations: readonly (RecordOperation | SaveError[])[],
    allOrNone: boolean,
  ): RecordResult[] {
    const assignment: AssignmentChoice =
      context.api === 'rest' || context.api === 'composite'
        ? assignmentChoice(context.autoAssign)
        : { kind: 'none' };
    if (assignment.kind === 'rule') ruleFor(this.#assignmentRules, '', assignment, false);
    const tx = new Transaction();
    const results: RecordResult[] = [];
    const changes: RecordChange[] = [];
    let failed = false;
    for (const op of operations) {
      if (Array.isArray(op)) {
        results.push({ ok: false, id: null, errors: op });
        failed = true;
        continue;
      }
      const recordTx = new Transaction();
      try {
        const outcome = this.#assign(
          assignment,
          op(this.engine, context.userId, recordTx),
          recordTx,
        );
        if (this.#collides(context, outcome.change.entityName, outcome.id)) {
          recordTx.rollback();
          failed = true;
          results.push({
            ok: false,
            id: outcome.created ? null : outcome.id,
            errors: [lockError(outcome.id)],
          });
          continue;
        }
        results.push({ ok: true, id: outcome.id, created: outcome.created });
        changes.push(outcome.change);
        tx.adopt(recordTx);
      } catch (err) {
        recordTx.rollback();
        failed = true;
        results.push({ ok: false, id: null, errors: toSaveErrors(err) });
      }
    }
    if (allOrNone && failed) {
      tx.rollback();
      return results.map((r) =>
        r.ok ? { ok: false, id: null, errors: [ALL_OR_NONE_ROLLED_BACK] } : r,
      );
    }
    this.commit(context, changes);
    return results;
  }

  /** Runs the assignment rule the write asked for on a saved Lead (or Case). */
  #assign(choice: AssignmentChoice, outcome: SaveOutcome, tx: Transaction): SaveOutcome {
    if (choice.kind === 'none' || outcome.change.changeType === 'DELETE') return outcome;
    const rule = ruleFor(this.#assignmentRules, outcome.change.entityName, choice, outcome.created);
    if (!rule) return outcome;
    const table = this.store.mustTable(outcome.change.entityName);
    const row = table.rows.get(outcome.id);
    const owner = row ? assignedOwner(rule, row) : undefined;
    if (!row || owner === undefined || owner === row['OwnerId']) return outcome;
    this.store.put(table, outcome.id, { ...row, OwnerId: owner }, tx);
    return {
      ...outcome,
      change: { ...outcome.change, fields: { ...outcome.change.fields, OwnerId: owner } },
    };
  }

  /** Row lock contention of the realistic profile; none by default. */
  lockContention: LockContention | undefined;

  #collides(context: WriteContext, entityName: string, id: string): boolean {
    if (!this.lockContention || context.api === 'emulator') return false;
    const parent = LockContention.parentOf(entityName, id, this.store.locate(id)?.row);
    return parent !== undefined && this.lockContention.collides(parent, context.transactionKey);
  }

  /** One record operation as its own transaction (single-row REST calls, emulator edits). */
  runOne(context: WriteContext, operation: RecordOperation): RecordResult {
    const [result] = this.runOperations(context, [operation], true);
    if (!result) throw new Error('no result');
    return result;
  }

  #insertRaw(def: ObjectDef, row: Record<string, unknown>): void {
    const table = this.store.mustTable(def.name);
    this.store.put(table, String(row['Id']), row);
  }

  /**
   * A Metadata API deployment of one custom metadata record (what the setup page's
   * deploy service does): creates the record or replaces the values it names.
   */
  deployCustomMetadata(record: CustomMetadataRecord): void {
    const def = this.registry.get(record.type);
    if (!def || def.kind !== 'metadata')
      throw new Error(`${record.type} is not a custom metadata type`);
    const table = this.store.mustTable(def.name);
    const existing = [...table.rows.values()].find(
      (row) => row['DeveloperName'] === record.developerName,
    );
    if (!existing) {
      this.#loadCustomMetadata(this.clock().toISOString(), [record], table.rows.size);
      return;
    }
    const row: Record<string, unknown> = {
      ...existing,
      MasterLabel: record.label,
      Label: record.label,
    };
    for (const [name, value] of Object.entries(record.values)) {
      const field = def.fieldsByLowerName.get(name.toLowerCase());
      if (!field) throw new Error(`${record.type} has no field ${name}`);
      row[field.name] = seedValue(field, value);
    }
    table.put(String(row['Id']), row);
  }

  #loadCustomMetadata(now: string, records = this.customMetadata, offset = 0): void {
    const counters = new Map<string, number>();
    for (const record of records) {
      const def = this.registry.get(record.type);
      if (!def) {
        this.seedWarnings.push(
          `custom metadata record ${record.developerName} of unknown type ${record.type}`,
        );
        continue;
      }
      const n = (counters.get(def.name) ?? offset) + 1;
      counters.set(def.name, n);
      const row: Record<string, unknown> = {};
      for (const f of def.fields) row[f.name] = f.type === 'boolean' ? false : null;
      for (const [name, value] of Object.entries(record.values)) {
        const field = def.fieldsByLowerName.get(name.toLowerCase());
        if (field) row[field.name] = seedValue(field, value);
        else
          this.seedWarnings.push(`${record.type}.${record.developerName}: unknown field ${name}`);
      }
      Object.assign(row, {
        Id: salesforceId(def.keyPrefix, n),
        DeveloperName: record.developerName,
        MasterLabel: record.label,
        Label: record.label,
        QualifiedApiName: record.developerName,
        NamespacePrefix: null,
        Language: 'en_US',
        SystemModstamp: now,
      });
      this.#insertRaw(def, row);
    }
  }

  #loadSeedRecord(objectName: string, record: SfRecord, now: string): void {
    const def = this.registry.get(objectName);
    if (!def) throw new Error(`unknown seed object ${objectName}`);
    const table = this.store.mustTable(def.name);
    const row: Record<string, unknown> = {};
    for (const f of def.fields)
      row[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
    for (const [name, value] of Object.entries(record)) {
      const field = def.fieldsByLowerName.get(name.toLowerCase());
      if (field) row[field.name] = seedValue(field, value);
      else this.seedWarnings.push(`${objectName} ${record.Id}: unknown field ${name}`);
    }
    const creator = this.#runAsUserId || (objectName === 'User' ? record.Id : '');
    row['IsDeleted'] = false;
    for (const f of ['CreatedDate', 'LastModifiedDate', 'SystemModstamp']) {
      if (def.fieldsByLowerName.has(f.toLowerCase()) && row[f] == null) row[f] = now;
    }
    for (const f of ['CreatedById', 'LastModifiedById']) {
      if (def.fieldsByLowerName.has(f.toLowerCase()) && row[f] == null) row[f] = creator;
    }
    for (const f of def.fields) {
      if (f.autoNumber && row[f.name] == null) {
        row[f.name] = formatAutoNumber(f.displayFormat ?? '{00000000}', table.nextAutoNumber());
      }
    }
    applyDerivedFields(def, row, undefined, now);
    // A seeded Lead in a converted status was converted before: only lead conversion sets
    // IsConverted, and it cannot be written through the API.
    if (objectName === 'Lead' && this.#convertedLeadStatuses().has(String(row['Status']))) {
      row['IsConverted'] = true;
    }
    this.#insertRaw(def, row);
    if (objectName === 'User' && !this.#runAsUserId) this.#pickRunAsUser();
  }

  /**
   * LeadStatus, the setup object behind Lead.Status: one row per picklist value, as a new org
   * has them. A value whose label starts with "Closed" is closed; "Closed - Converted" is also
   * the converted status.
   */
  #loadLeadStatuses(now: string): void {
    const def = this.registry.get('LeadStatus');
    const status = this.registry.get('Lead')?.fieldsByLowerName.get('status');
    if (!def || !status) return;
    const values = status.values ?? [];
    values.forEach((value, index) => {
      this.#insertRaw(def, {
        Id: salesforceId(def.keyPrefix, index + 1),
        MasterLabel: value,
        ApiName: value,
        SortOrder: index + 1,
        IsDefault: value === status.defaultValue,
        IsClosed: /^Closed\b/.test(value),
        IsConverted: value === 'Closed - Converted',
        CreatedDate: now,
        CreatedById: null,
        LastModifiedDate: now,
        SystemModstamp: now,
      });
    });
  }

  /** Queue members' supported objects the seed names (force-app queues add theirs after). */
  #loadQueueSobjects(records: readonly SfRecord[], now: string): void {
    const def = this.store.mustTable('QueueSobject').def;
    for (const record of records) {
      this.#insertRaw(def, {
        SystemModstamp: now,
        CreatedById: this.#runAsUserId,
        ...record,
        IsDeleted: false,
      });
    }
  }

  /** AssignmentRule rows (queryable) and their entries (the org's own, not queryable). */
  #loadAssignmentRules(rules: readonly AssignmentRuleSeed[], now: string): void {
    const def = this.store.mustTable('AssignmentRule').def;
    this.#assignmentRules = rules;
    for (const rule of rules) {
      this.#insertRaw(def, {
        Id: rule.Id,
        Name: rule.Name,
        SobjectType: rule.SobjectType,
        Active: rule.Active,
        IsDeleted: false,
        CreatedDate: now,
        CreatedById: this.#runAsUserId,
        LastModifiedDate: now,
        SystemModstamp: now,
      });
    }
  }

  defOf(name: string): ObjectDef {
    return this.store.mustTable(name).def;
  }

  convertedStatuses(): ReadonlySet<string> {
    return this.#convertedLeadStatuses();
  }

  /**
   * Converts a Lead as a person would in Salesforce (or Apex's `Database.convertLead`), as
   * `userId` (default the run-as user): see lead-conversion.ts.
   */
  convertLead(request: LeadConvertRequest, userId = this.#runAsUserId): LeadConvertResult {
    const context = newWriteContext({
      callOptions: undefined,
      apiVersion: '62.0',
      api: 'emulator',
      userId,
    });
    return convertLead(this, context, request);
  }

  #convertedLeadStatuses(): Set<string> {
    const table = this.store.mustTable('LeadStatus');
    return new Set(
      [...table.rows.values()]
        .filter((r) => r['IsConverted'] === true)
        .map((r) => String(r['ApiName'])),
    );
  }

  #pickRunAsUser(): void {
    const wanted = this.options.runAsUsername ?? INTEGRATION_USERNAME;
    const user = this.findUserByUsername(wanted);
    if (user) this.#runAsUserId = String(user['Id']);
  }

  #ensureRunAsUser(now: string): void {
    this.#pickRunAsUser();
    if (this.#runAsUserId) return;
    const users = this.store.mustTable('User');
    const fallback = [...users.rows.values()].find(
      (u) => u['IsActive'] !== false && !u['FederationIdentifier'],
    );
    if (fallback) {
      this.#runAsUserId = String(fallback['Id']);
      return;
    }
    const id = salesforceId('005', 1);
    const def = users.def;
    const row: Record<string, unknown> = {};
    for (const f of def.fields)
      row[f.name] = f.defaultValue ?? (f.type === 'boolean' ? false : null);
    Object.assign(row, {
      Id: id,
      Username: this.options.runAsUsername ?? INTEGRATION_USERNAME,
      FirstName: 'Okta',
      LastName: 'Integration',
      Alias: 'oktaint',
      Email: 'okta.integration@example-corp.test',
      IsActive: true,
      IsDeleted: false,
      CreatedDate: now,
      CreatedById: id,
      LastModifiedDate: now,
      LastModifiedById: id,
      SystemModstamp: now,
    });
    applyDerivedFields(def, row, undefined, now);
    this.#insertRaw(def, row);
    this.#runAsUserId = id;
  }

  /** Custom notifications sent through the customNotificationAction, oldest first. */
  readonly notifications: SentNotification[] = [];
  /** Emails sent through the emailSimple action, oldest first (none leaves the machine). */
  readonly emails: SentEmail[] = [];

  /** Custom notification types deployed with force-app `notificationtypes/`. */
  #loadNotificationTypes(): void {
    this.notifications.length = 0;
    const table = this.store.mustTable('CustomNotificationType');
    const dir = this.options.forceAppDir
      ? join(this.options.forceAppDir, 'notificationtypes')
      : undefined;
    if (!dir || !existsSync(dir)) return;
    let n = 0;
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.notiftype-meta.xml'))
      .sort()) {
      const xml = readFileSync(join(dir, file), 'utf8');
      const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? null;
      this.#insertRaw(table.def, {
        Id: salesforceId(table.def.keyPrefix, ++n),
        DeveloperName: file.replace('.notiftype-meta.xml', ''),
        MasterLabel: tag('masterLabel'),
        CustomNotifTypeName: tag('customNotifTypeName'),
        Description: tag('description'),
        Desktop: tag('desktop') === 'true',
        Mobile: tag('mobile') === 'true',
      });
    }
  }

  /** Queues get their supported objects from force-app `queues/*.queue-meta.xml` (Case when absent). */
  #ensureQueueObjects(now: string): void {
    const groups = this.store.mustTable('Group');
    const queueObjects = this.store.mustTable('QueueSobject');
    const served = new Set([...queueObjects.rows.values()].map((q) => q['QueueId']));
    let n = queueObjects.rows.size;
    for (const group of groups.rows.values()) {
      if (group['Type'] !== 'Queue' || group['IsDeleted'] || served.has(group['Id'])) continue;
      for (const sobjectType of this.#queueSobjects(String(group['DeveloperName'] ?? ''))) {
        const id = salesforceId(queueObjects.def.keyPrefix, ++n);
        this.#insertRaw(queueObjects.def, {
          Id: id,
          QueueId: group['Id'],
          SobjectType: sobjectType,
          CreatedById: this.#runAsUserId,
          SystemModstamp: now,
        });
      }
    }
  }

  #queueSobjects(developerName: string): string[] {
    const dir = this.options.forceAppDir ? join(this.options.forceAppDir, 'queues') : undefined;
    const file = dir ? join(dir, `${developerName}.queue-meta.xml`) : undefined;
    if (!file || !existsSync(file)) {
      return dir && existsSync(dir) && readdirSync(dir).length > 0 ? [] : ['Case'];
    }
    const xml = readFileSync(file, 'utf8');
    return [...xml.matchAll(/<sobjectType>\s*([^<\s]+)\s*<\/sobjectType>/g)].map((m) => m[1] ?? '');
  }
}

export type { SentEmail };

export interface SentNotification {
  customNotifTypeId: string;
  recipientIds: string[];
  title: string;
  body: string;
  targetId: string | null;
  sentAt: string;
}

export function toSaveErrors(err: unknown): readonly SaveError[] {
  if (err instanceof RecordSaveError) return err.errors;
  if (err instanceof MultipleMatchesError) {
    return [
      {
        statusCode: 'DUPLICATE_EXTERNAL_ID',
        message: `${err.field}: more than one record found for external id field: [${err.ids.join(', ')}]`,
        fields: [err.field],
      },
    ];
  }
  if (err && typeof err === 'object' && 'errors' in err && 'status' in err) {
    const items = (
      err as {
        errors: readonly { errorCode: string; message: string; fields?: readonly string[] }[];
      }
    ).errors;
    return items.map((e) => ({
      statusCode: e.errorCode,
      message: e.message,
      fields: e.fields ?? [],
    }));
  }
  throw err;
}
