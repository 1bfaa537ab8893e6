import { Hono } from 'hono';
import { SalesforceApiError, saveError } from '../errors.js';
import type { SaveError } from '../errors.js';
import { keyPrefixOf, normalizeId } from '../ids.js';
import type { RecordOperation, RecordResult, SalesforceOrg } from '../org.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import { parseRecordInput } from '../store/record-input.js';
import { isPlainObject, readJson, sfJson, writeContextOf } from './hono-env.js';
import type { DataContext, DataEnv } from './hono-env.js';
import { collectionResult, restRecord } from './record-shapes.js';
import { objectOr404 } from './sobject-routes.js';

export const MAX_COLLECTION_RECORDS = 200;

const LOCK_MESSAGE = 'unable to obtain exclusive access to this record or 1 records: ';

interface CollectionBody {
  readonly allOrNone: boolean;
  readonly records: readonly Record<string, unknown>[];
}

function tooMany(): SalesforceApiError {
  return SalesforceApiError.of(
    400,
    'EXCEEDED_ID_LIMIT',
    `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
  );
}

async function readCollection(c: DataContext): Promise<CollectionBody> {
  const body = await readJson(c);
  if (!isPlainObject(body) || !Array.isArray(body['records'])) {
    throw SalesforceApiError.of(
      400,
      'JSON_PARSER_ERROR',
      'The request body must be an object with a records array',
    );
  }
  const records = body['records'] as unknown[];
  if (records.length > MAX_COLLECTION_RECORDS) throw tooMany();
  if (records.some((r) => !isPlainObject(r))) {
    throw SalesforceApiError.of(
      400,
      'JSON_PARSER_ERROR',
      'Cannot deserialize instance of SObject from a non-object value',
    );
  }
  const allOrNone = body['allOrNone'];
  if (allOrNone !== undefined && typeof allOrNone !== 'boolean') {
    throw SalesforceApiError.of(
      400,
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of boolean from value ${String(allOrNone)}`,
    );
  }
  return { allOrNone: allOrNone === true, records: records as Record<string, unknown>[] };
}

function typeOf(org: SalesforceOrg, record: Record<string, unknown>, index: number): ObjectDef {
  const attributes = record['attributes'];
  const type = isPlainObject(attributes) ? attributes['type'] : undefined;
  if (typeof type !== 'string' || type === '') {
    throw SalesforceApiError.of(
      400,
      'INVALID_TYPE',
      `Missing sObject type in attributes of record ${index}`,
    );
  }
  const def = org.registry.get(type);
  if (!def)
    throw SalesforceApiError.of(400, 'INVALID_TYPE', `sObject type '${type}' is not supported.`);
  return def;
}

function lockFailure(count: number, ids: readonly (string | null)[]): RecordResult[] {
  return Array.from({ length: count }, (_, i) => ({
    ok: false as const,
    id: ids[i] ?? null,
    errors: [saveError('UNABLE_TO_LOCK_ROW', LOCK_MESSAGE + (ids[i] ?? ''))],
  }));
}

const SKIP_ID = new Set(['id']);

/** One record of an upsert on `Id`: an update when it names an Id, an insert when it does not. */
function upsertById(
  org: SalesforceOrg,
  def: ObjectDef,
  record: Record<string, unknown>,
): RecordOperation | SaveError[] {
  const input = parseRecordInput(org.registry, def, record, { fromText: false, skip: SKIP_ID });
  const rawId = record['id'] ?? record['Id'];
  if (rawId === undefined || rawId === null || rawId === '') {
    return (engine, userId, tx) => engine.create(def, input, userId, tx);
  }
  const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
  if (!id) {
    return [
      saveError('MALFORMED_ID', `${def.label} ID: id value of incorrect type: ${String(rawId)}`, [
        'Id',
      ]),
    ];
  }
  if (keyPrefixOf(id) !== def.keyPrefix) {
    return [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')];
  }
  return (engine, userId, tx) => engine.update(def, id, input, userId, tx);
}

/** sObject Collections: create, update, delete, upsert by external id, retrieve. */
export function compositeRoutes(org: SalesforceOrg) {
  const app = new Hono<DataEnv>();

  app.post('/composite/sobjects', async (c) => {
    const { allOrNone, records } = await readCollection(c);
    const ops: RecordOperation[] = records.map((record, i) => {
      const def = typeOf(org, record, i);
      const input = parseRecordInput(org.registry, def, record, { fromText: false });
      return (engine, userId, tx) => engine.create(def, input, userId, tx);
    });
    const results = c.get('lockFault')
      ? lockFailure(ops.length, [])
      : org.runOperations(writeContextOf(c, 'composite'), ops, allOrNone);
    return sfJson(
      c,
      results.map((r) => collectionResult(r, false)),
    );
  });

  app.patch('/composite/sobjects', async (c) => {
    const { allOrNone, records } = await readCollection(c);
    const ids: (string | null)[] = [];
    const ops = records.map((record, i): RecordOperation | SaveError[] => {
      const def = typeOf(org, record, i);
      const input = parseRecordInput(org.registry, def, record, { fromText: false, skip: SKIP_ID });
      const rawId = record['id'] ?? record['Id'];
      const id = typeof rawId === 'string' ? normalizeId(rawId) : undefined;
      ids.push(id ?? null);
      if (rawId === undefined || rawId === null || rawId === '') {
        return [saveError('MISSING_ARGUMENT', 'Id not specified in an update call')];
      }
      if (!id)
        return [
          saveError(
            'MALFORMED_ID',
            `${def.label} ID: id value of incorrect type: ${String(rawId)}`,
            ['Id'],
          ),
        ];
      if (keyPrefixOf(id) !== def.keyPrefix) {
        return [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')];
      }
      return (engine, userId, tx) => engine.update(def, id, input, userId, tx);
    });
    const results = c.get('lockFault')
      ? lockFailure(ops.length, ids)
      : org.runOperations(writeContextOf(c, 'composite'), ops, allOrNone);
    return sfJson(
      c,
      results.map((r, i) =>
        collectionResult(r.ok ? r : { ...r, id: r.id ?? ids[i] ?? null }, false),
      ),
    );
  });

  app.delete('/composite/sobjects', (c) => {
    const raw = c.req.query('ids');
    if (!raw) throw SalesforceApiError.of(400, 'MISSING_ARGUMENT', 'ids parameter is required');
    const given = raw.split(',');
    if (given.length > MAX_COLLECTION_RECORDS) throw tooMany();
    const allOrNone = c.req.query('allOrNone') === 'true';
    const ids = given.map((g) => normalizeId(g.trim()) ?? null);
    const ops = given.map((g, i): RecordOperation | SaveError[] => {
      const id = ids[i];
      if (!id) return [saveError('MALFORMED_ID', `malformed id ${g}`)];
      const found = org.store.locate(id);
      if (!found) return [saveError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id')];
      const def = found.table.def;
      return (engine, userId, tx) => engine.remove(def, id, userId, tx);
    });
    const results = c.get('lockFault')
      ? lockFailure(ops.length, ids)
      : org.runOperations(writeContextOf(c, 'composite'), ops, allOrNone);
    return sfJson(
      c,
      results.map((r, i) =>
        collectionResult(r.ok ? r : { ...r, id: r.id ?? ids[i] ?? null }, false),
      ),
    );
  });

  app.patch('/composite/sobjects/:type/:field', async (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const field: FieldDef | undefined = def.fieldsByLowerName.get(
      c.req.param('field').toLowerCase(),
    );
    // Upsert on `Id` is allowed: a record with an Id updates it, one without is inserted
    // (REST API Developer Guide, "Upsert Up to 200 Records Using sObject Collections").
    const byId = field?.name === 'Id';
    if (!field || (!field.externalId && !byId)) {
      throw SalesforceApiError.of(
        400,
        'INVALID_FIELD',
        `Field name provided, ${c.req.param('field')} is not an External ID or indexed field for ${def.name}`,
      );
    }
    const { allOrNone, records } = await readCollection(c);
    const ops = records.map((record, i): RecordOperation | SaveError[] => {
      const recordDef = typeOf(org, record, i);
      if (recordDef.name !== def.name) {
        return [
          saveError('INVALID_TYPE', `Record type ${recordDef.name} does not match ${def.name}`),
        ];
      }
      if (byId) return upsertById(org, def, record);
      const input = parseRecordInput(org.registry, def, record, { fromText: false });
      const value = input.values.get(field.name);
      if (value === undefined || value === null || value === '') {
        return [saveError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name])];
      }
      return (engine, userId, tx) => engine.upsert(def, field, value, input, userId, tx);
    });
    const results = c.get('lockFault')
      ? lockFailure(ops.length, [])
      : org.runOperations(writeContextOf(c, 'composite'), ops, allOrNone);
    // Every upsert result says whether it created, failures and rolled-back records included.
    return sfJson(
      c,
      results.map((r) => ({ ...collectionResult(r, true), ...(r.ok ? {} : { created: false }) })),
    );
  });

  app.post('/composite/sobjects/:type', async (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const body = await readJson(c);
    if (!isPlainObject(body) || !Array.isArray(body['ids']) || !Array.isArray(body['fields'])) {
      throw SalesforceApiError.of(
        400,
        'JSON_PARSER_ERROR',
        'The request body must have ids and fields arrays',
      );
    }
    const ids = body['ids'] as unknown[];
    if (ids.length > 2000) throw tooMany();
    const fields = (body['fields'] as unknown[]).map((name) => {
      const f = def.fieldsByLowerName.get(String(name).toLowerCase());
      if (!f)
        throw SalesforceApiError.of(
          400,
          'INVALID_FIELD',
          `No such column '${String(name)}' on sobject of type ${def.name}`,
        );
      return f.name;
    });
    const table = org.store.table(def.name);
    return sfJson(
      c,
      ids.map((raw) => {
        const id = typeof raw === 'string' ? normalizeId(raw) : undefined;
        const row = id ? table?.rows.get(id) : undefined;
        return row && !row['IsDeleted'] ? restRecord(def, row, c.get('apiVersion'), fields) : null;
      }),
    );
  });

  return app;
}
