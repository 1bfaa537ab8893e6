import { RecordSaveError, SalesforceApiError } from '../errors.js';
import type { SaveError } from '../errors.js';
import { keyPrefixOf, normalizeId, salesforceId } from '../ids.js';
import { toSaveErrors } from '../org.js';
import type { RecordOperation, RecordResult, SalesforceOrg } from '../org.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import { formatDateTime } from '../store/field-values.js';
import { parseRecordInput } from '../store/record-input.js';
import { newWriteContext } from '../write-context.js';
import { COLUMN_DELIMITERS, parseCsv, toCsv } from './csv.js';

export type IngestOperation = 'insert' | 'update' | 'upsert' | 'delete' | 'hardDelete';
export type JobState =
  'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';

const OPERATIONS: readonly IngestOperation[] = [
  'insert',
  'update',
  'upsert',
  'delete',
  'hardDelete',
];
/** Records per transaction (what one trigger invocation would see). */
const TRANSACTION_SIZE = 200;
/** Records processed per event-loop turn, so polls and other calls interleave with processing. */
const RECORDS_PER_TURN = 2000;

interface Job {
  readonly id: string;
  readonly def: ObjectDef;
  readonly operation: IngestOperation;
  readonly externalIdField: FieldDef | undefined;
  readonly lineEnding: 'LF' | 'CRLF';
  readonly columnDelimiter: string;
  readonly createdById: string;
  readonly createdDate: string;
  readonly apiVersion: string;
  readonly callOptions: string | undefined;
  state: JobState;
  systemModstamp: string;
  csv: string | undefined;
  errorMessage: string | undefined;
  header: string[];
  successful: string[][];
  failed: string[][];
  unprocessed: string[][];
  processed: number;
  startedMs: number;
  processingMs: number;
}

export interface JobRequestContext {
  readonly userId: string;
  readonly apiVersion: string;
  readonly callOptions: string | undefined;
}

function jobError(status: number, errorCode: string, message: string): SalesforceApiError {
  return SalesforceApiError.of(status, errorCode, message);
}

function formatError(errors: readonly SaveError[]): string {
  return errors.map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`).join(' ');
}

/** Bulk API 2.0 ingest jobs: create, upload CSV, close, process asynchronously, read results. */
export class IngestJobs {
  readonly #jobs = new Map<string, Job>();
  #counter = 0;

  constructor(
    private readonly org: SalesforceOrg,
    private readonly schedule: (fn: () => void) => void = (fn) => setImmediate(fn),
  ) {}

  clear(): void {
    for (const job of this.#jobs.values()) {
      if (job.state === 'UploadComplete' || job.state === 'InProgress') job.state = 'Aborted';
    }
    this.#jobs.clear();
  }

  create(body: Record<string, unknown>, ctx: JobRequestContext): Record<string, unknown> {
    const objectName = body['object'];
    const def = typeof objectName === 'string' ? this.org.registry.get(objectName) : undefined;
    if (!def || def.kind === 'metadata' || def.kind === 'event') {
      throw jobError(
        400,
        'INVALIDENTITY',
        `Entity '${String(objectName)}' is not supported by the Bulk API.`,
      );
    }
    const operation = body['operation'];
    if (typeof operation !== 'string' || !OPERATIONS.includes(operation as IngestOperation)) {
      throw jobError(400, 'INVALIDJOB', `Invalid operation: ${String(operation)}`);
    }
    let externalIdField: FieldDef | undefined;
    if (operation === 'upsert') {
      const name = body['externalIdFieldName'];
      if (typeof name !== 'string' || name === '') {
        throw jobError(400, 'INVALIDJOB', 'External ID was blank for upsert');
      }
      externalIdField = def.fieldsByLowerName.get(name.toLowerCase());
      // Upsert "based on an ID, or the value of a specified external ID field" (Bulk API 2.0
      // Developer Guide, "Upsert Records"): `Id` is accepted, rows without one are inserted.
      if (!externalIdField || (!externalIdField.externalId && externalIdField.name !== 'Id')) {
        throw jobError(
          400,
          'INVALIDJOB',
          `Field ${name} is not an External ID or indexed field for ${def.name}`,
        );
      }
    }
    const contentType = body['contentType'] ?? 'CSV';
    if (contentType !== 'CSV')
      throw jobError(400, 'INVALIDJOB', `Invalid content type: ${String(contentType)}`);
    const lineEnding = body['lineEnding'] ?? 'LF';
    if (lineEnding !== 'LF' && lineEnding !== 'CRLF') {
      throw jobError(400, 'INVALIDJOB', `Invalid line ending: ${String(lineEnding)}`);
    }
    const delimiterName = body['columnDelimiter'] ?? 'COMMA';
    const columnDelimiter =
      typeof delimiterName === 'string' ? COLUMN_DELIMITERS[delimiterName] : undefined;
    if (!columnDelimiter)
      throw jobError(400, 'INVALIDJOB', `Invalid column delimiter: ${String(delimiterName)}`);
    const now = formatDateTime(this.org.clock());
    const job: Job = {
      id: salesforceId('750', 700_000_000 + ++this.#counter),
      def,
      operation: operation as IngestOperation,
      externalIdField,
      lineEnding,
      columnDelimiter,
      createdById: ctx.userId,
      createdDate: now,
      apiVersion: ctx.apiVersion,
      callOptions: ctx.callOptions,
      state: 'Open',
      systemModstamp: now,
      csv: undefined,
      errorMessage: undefined,
      header: [],
      successful: [],
      failed: [],
      unprocessed: [],
      processed: 0,
      startedMs: 0,
      processingMs: 0,
    };
    this.#jobs.set(job.id, job);
    return this.info(job.id);
  }

  #job(id: string): Job {
    const job = this.#jobs.get(normalizeId(id) ?? id);
    if (!job) throw jobError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return job;
  }

  upload(id: string, csv: string): void {
    const job = this.#job(id);
    if (job.state !== 'Open')
      throw jobError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not in Open state.`);
    if (job.csv !== undefined)
      throw jobError(409, 'INVALIDJOBSTATE', 'Data can be uploaded only once per job.');
    job.csv = csv;
  }

  setState(id: string, state: unknown): Record<string, unknown> {
    const job = this.#job(id);
    if (state === 'UploadComplete') {
      if (job.state !== 'Open')
        throw jobError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not in Open state.`);
      job.state = 'UploadComplete';
      this.#touch(job);
      this.schedule(() => this.#start(job));
    } else if (state === 'Aborted') {
      if (job.state === 'JobComplete' || job.state === 'Failed' || job.state === 'Aborted') {
        throw jobError(409, 'INVALIDJOBSTATE', `Job ${job.id} is already in a final state.`);
      }
      job.state = 'Aborted';
      this.#touch(job);
    } else {
      throw jobError(400, 'INVALIDJOBSTATE', `Invalid state: ${String(state)}`);
    }
    return this.info(job.id);
  }

  delete(id: string): void {
    const job = this.#job(id);
    if (job.state === 'Open' || job.state === 'InProgress') {
      throw jobError(
        409,
        'INVALIDJOBSTATE',
        `Job ${job.id} cannot be deleted in state ${job.state}.`,
      );
    }
    this.#jobs.delete(job.id);
  }

  info(id: string): Record<string, unknown> {
    const job = this.#job(id);
    return {
      id: job.id,
      operation: job.operation,
      object: job.def.name,
      createdById: job.createdById,
      createdDate: job.createdDate,
      systemModstamp: job.systemModstamp,
      state: job.state,
      ...(job.externalIdField ? { externalIdFieldName: job.externalIdField.name } : {}),
      concurrencyMode: 'Parallel',
      contentType: 'CSV',
      apiVersion: Number(job.apiVersion),
      jobType: 'V2Ingest',
      ...(job.state === 'Open'
        ? { contentUrl: `services/data/v${job.apiVersion}/jobs/ingest/${job.id}/batches` }
        : {}),
      lineEnding: job.lineEnding,
      columnDelimiter:
        Object.entries(COLUMN_DELIMITERS).find(([, d]) => d === job.columnDelimiter)?.[0] ??
        'COMMA',
      numberRecordsProcessed: job.processed,
      numberRecordsFailed: job.failed.length,
      retries: 0,
      totalProcessingTime: job.processingMs,
      apiActiveProcessingTime: job.processingMs,
      apexProcessingTime: 0,
      ...(job.errorMessage ? { errorMessage: job.errorMessage } : {}),
    };
  }

  list(): Record<string, unknown>[] {
    return [...this.#jobs.keys()].map((id) => this.info(id));
  }

  results(id: string, kind: 'successfulResults' | 'failedResults' | 'unprocessedrecords'): string {
    const job = this.#job(id);
    const eol = job.lineEnding === 'CRLF' ? '\r\n' : '\n';
    switch (kind) {
      case 'successfulResults':
        return toCsv([['sf__Id', 'sf__Created', ...job.header], ...job.successful], eol);
      case 'failedResults':
        return toCsv([['sf__Id', 'sf__Error', ...job.header], ...job.failed], eol);
      case 'unprocessedrecords': {
        const rows = job.state === 'Aborted' || job.state === 'Failed' ? job.unprocessed : [];
        return toCsv([job.header, ...rows], eol);
      }
    }
  }

  #touch(job: Job): void {
    job.systemModstamp = formatDateTime(this.org.clock());
  }

  #fail(job: Job, message: string, rows: string[][]): void {
    job.state = 'Failed';
    job.errorMessage = message;
    job.unprocessed = rows;
    this.#touch(job);
  }

  #start(job: Job): void {
    if (job.state !== 'UploadComplete') return;
    job.startedMs = Date.now();
    let rows: string[][];
    try {
      rows = parseCsv(job.csv ?? '', job.columnDelimiter);
    } catch {
      this.#fail(job, 'InvalidBatch : Failed to parse CSV', []);
      return;
    }
    const [header, ...data] = rows;
    if (!header || header.length === 0 || (header.length === 1 && header[0] === '')) {
      // Nothing uploaded (jsforce sends an empty body for no records): the job completes with
      // empty results, as a real org does (jsforce's own integration tests load `input: []`).
      job.state = 'JobComplete';
      job.processingMs = 0;
      this.#touch(job);
      return;
    }
    job.header = header;
    const columns = this.#columns(job, header);
    if (typeof columns === 'string') {
      this.#fail(job, columns, data);
      return;
    }
    job.state = 'InProgress';
    this.#touch(job);
    this.schedule(() => this.#process(job, columns, data, 0));
  }

  /** Maps CSV headers to fields or `Relationship.ExternalIdField`; a message when one is unknown. */
  #columns(job: Job, header: readonly string[]): Column[] | string {
    const columns: Column[] = [];
    for (const name of header) {
      const dot = name.indexOf('.');
      if (dot > 0) {
        const relationship = name.slice(0, dot);
        const ref = job.def.relationships.get(relationship.toLowerCase());
        if (!ref) return `InvalidBatch : Field name not found : ${name}`;
        columns.push({
          name,
          relationship: ref.relationshipName ?? relationship,
          targetField: name.slice(dot + 1),
        });
        continue;
      }
      const field = job.def.fieldsByLowerName.get(name.toLowerCase());
      if (!field) return `InvalidBatch : Field name not found : ${name}`;
      columns.push({ name: field.name, relationship: undefined, targetField: undefined });
    }
    const has = (n: string) => columns.some((c) => c.name.toLowerCase() === n.toLowerCase());
    if (
      (job.operation === 'update' ||
        job.operation === 'delete' ||
        job.operation === 'hardDelete') &&
      !has('Id')
    ) {
      return 'InvalidBatch : Field name not found : Id';
    }
    if (
      job.externalIdField &&
      job.externalIdField.name !== 'Id' &&
      !has(job.externalIdField.name)
    ) {
      return `InvalidBatch : Field name not found : ${job.externalIdField.name}`;
    }
    return columns;
  }

  #process(job: Job, columns: readonly Column[], data: readonly string[][], start: number): void {
    if (job.state !== 'InProgress') {
      job.unprocessed = data.slice(start) as string[][];
      return;
    }
    const end = Math.min(start + RECORDS_PER_TURN, data.length);
    for (let i = start; i < end; i += TRANSACTION_SIZE) {
      const chunk = data.slice(i, Math.min(i + TRANSACTION_SIZE, end));
      this.#runChunk(job, columns, chunk);
    }
    job.processingMs = Date.now() - job.startedMs;
    if (end < data.length) {
      this.schedule(() => this.#process(job, columns, data, end));
      return;
    }
    job.state = 'JobComplete';
    this.#touch(job);
  }

  #runChunk(job: Job, columns: readonly Column[], chunk: readonly string[][]): void {
    const ids: (string | null)[] = [];
    const ops = chunk.map((cells): RecordOperation | SaveError[] => {
      ids.push(null);
      try {
        return this.#operation(job, columns, cells, ids);
      } catch (err) {
        return [...toSaveErrors(err)];
      }
    });
    const context = newWriteContext({
      callOptions: job.callOptions,
      apiVersion: job.apiVersion,
      api: 'bulk2',
      userId: job.createdById,
    });
    const results: RecordResult[] = this.org.runOperations(context, ops, false);
    results.forEach((result, i) => {
      const cells = chunk[i] ?? [];
      job.processed++;
      if (result.ok) job.successful.push([result.id, String(result.created), ...cells]);
      else job.failed.push([ids[i] ?? '', formatError(result.errors), ...cells]);
    });
  }

  #operation(
    job: Job,
    columns: readonly Column[],
    cells: readonly string[],
    ids: (string | null)[],
  ): RecordOperation {
    const index = ids.length - 1;
    const raw: Record<string, unknown> = {};
    let rawId = '';
    columns.forEach((column, i) => {
      const cell = cells[i] ?? '';
      if (column.name === 'Id') {
        rawId = cell;
        return;
      }
      if (cell === '') return;
      const value = cell === '#N/A' ? null : cell;
      if (column.relationship) raw[column.relationship] = { [column.targetField ?? '']: value };
      else raw[column.name] = value;
    });
    const def = job.def;
    if (
      job.operation === 'delete' ||
      job.operation === 'hardDelete' ||
      job.operation === 'update'
    ) {
      const id = normalizeId(rawId);
      if (!id)
        throw saveErrorOf('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${rawId}`, [
          'Id',
        ]);
      ids[index] = id;
      if (keyPrefixOf(id) !== def.keyPrefix)
        throw saveErrorOf('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
      if (job.operation !== 'update')
        return (engine, userId, tx) => engine.remove(def, id, userId, tx);
      const input = parseRecordInput(this.org.registry, def, raw, { fromText: true });
      return (engine, userId, tx) => engine.update(def, id, input, userId, tx);
    }
    if (job.operation === 'insert' && rawId !== '') {
      throw saveErrorOf('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', [
        'Id',
      ]);
    }
    const input = parseRecordInput(this.org.registry, def, raw, { fromText: true });
    if (job.operation === 'insert')
      return (engine, userId, tx) => engine.create(def, input, userId, tx);
    const field = job.externalIdField;
    if (!field) throw new Error('upsert job without an external id field');
    if (field.name === 'Id') {
      if (rawId === '') return (engine, userId, tx) => engine.create(def, input, userId, tx);
      const id = normalizeId(rawId);
      if (!id)
        throw saveErrorOf('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${rawId}`, [
          'Id',
        ]);
      ids[index] = id;
      if (keyPrefixOf(id) !== def.keyPrefix)
        throw saveErrorOf('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
      return (engine, userId, tx) => engine.update(def, id, input, userId, tx);
    }
    const value = input.values.get(field.name);
    if (value === undefined || value === null) {
      throw saveErrorOf('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
    }
    return (engine, userId, tx) => engine.upsert(def, field, value, input, userId, tx);
  }
}

interface Column {
  readonly name: string;
  readonly relationship: string | undefined;
  readonly targetField: string | undefined;
}

function saveErrorOf(code: string, message: string, fields: readonly string[]): RecordSaveError {
  return RecordSaveError.of(code, message, fields);
}
