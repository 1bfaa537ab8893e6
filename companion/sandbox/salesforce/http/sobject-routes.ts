import { Hono } from 'hono';
import { RecordSaveError, SalesforceApiError, notFound } from '../errors.js';
import { keyPrefixOf, normalizeId } from '../ids.js';
import type { SalesforceOrg } from '../org.js';
import { describeGlobal, describeGlobalEntry, describeSObject } from '../schema/describe.js';
import type { ObjectDef } from '../schema/types.js';
import { formatDateTime } from '../store/field-values.js';
import { noSuchColumn, parseRecordInput } from '../store/record-input.js';
import { checkRecordRules } from '../store/record-rules.js';
import type { Row } from '../store/record-store.js';
import { isPlainObject, readJson, sfJson, writeContextOf } from './hono-env.js';
import type { DataContext, DataEnv } from './hono-env.js';
import { restErrors, restRecord } from './record-shapes.js';

const LOCK_MESSAGE = 'unable to obtain exclusive access to this record or 1 records: ';

export function objectOr404(org: SalesforceOrg, name: string): ObjectDef {
  const def = org.registry.get(name);
  if (!def) throw notFound();
  return def;
}

/** Resolves a record id from the URL: malformed, other object, missing and deleted each answer like Salesforce. */
function rowOr404(org: SalesforceOrg, def: ObjectDef, rawId: string): Row {
  const id = normalizeId(rawId);
  if (!id) {
    if (/^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(rawId)) {
      throw SalesforceApiError.of(
        400,
        'MALFORMED_ID',
        `${def.label} ID: id value of incorrect type: ${rawId}`,
      );
    }
    throw SalesforceApiError.of(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${rawId}`,
    );
  }
  if (keyPrefixOf(id) !== def.keyPrefix) throw notFound();
  const row = org.store.table(def.name)?.rows.get(id);
  if (!row) throw notFound();
  if (row['IsDeleted']) throw SalesforceApiError.of(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  return row;
}

function requestedFields(def: ObjectDef, param: string | undefined): string[] | undefined {
  if (!param) return undefined;
  return param.split(',').map((name) => {
    const field = def.fieldsByLowerName.get(name.trim().toLowerCase());
    if (!field) throw noSuchColumn(def, name.trim());
    return field.name;
  });
}

function asSaveFailure(err: unknown): never {
  if (err instanceof RecordSaveError) {
    throw new SalesforceApiError(400, restErrors(err.errors));
  }
  throw err;
}

function checkLock(c: DataContext, id: string): void {
  if (c.get('lockFault')) {
    throw SalesforceApiError.of(400, 'UNABLE_TO_LOCK_ROW', LOCK_MESSAGE + id, []);
  }
}

function externalIdField(def: ObjectDef, name: string) {
  const field = def.fieldsByLowerName.get(name.toLowerCase());
  if (!field || !field.externalId) {
    throw SalesforceApiError.of(
      404,
      'NOT_FOUND',
      `Provided external ID field does not exist or is not accessible: ${name}`,
    );
  }
  return field;
}

function publishEvent(
  c: DataContext,
  org: SalesforceOrg,
  def: ObjectDef,
  body: Record<string, unknown>,
): Response {
  const input = parseRecordInput(org.registry, def, body, { fromText: false });
  const readOnly = [...input.values.keys()].filter(
    (name) => def.fieldsByLowerName.get(name.toLowerCase())?.createable !== true,
  );
  if (readOnly.length > 0 || input.foreignKeys.length > 0 || input.hasId) {
    const bad = input.hasId ? ['Id', ...readOnly] : readOnly;
    throw SalesforceApiError.of(
      400,
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${bad.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      bad,
    );
  }
  const row: Record<string, unknown> = Object.fromEntries(input.values);
  const errors = checkRecordRules(def, row, new Set(input.values.keys()), true);
  if (errors.length > 0) throw new SalesforceApiError(400, restErrors(errors));
  const context = writeContextOf(c, 'rest');
  const payload = { ...row, CreatedDate: formatDateTime(org.clock()), CreatedById: context.userId };
  const replayId = org.sink.publishPlatformEvent(context, def.name, payload);
  const id = `${def.keyPrefix}xx${String(replayId).padStart(10, '0').slice(-10)}AAA`;
  return sfJson(c, { id, success: true, errors: [] }, 201);
}

/** sObject Basic Information, Describe, Rows, and Rows by External ID. */
export function sobjectRoutes(org: SalesforceOrg) {
  const app = new Hono<DataEnv>();

  app.get('/sobjects', (c) => sfJson(c, describeGlobal(org.registry, c.get('apiVersion'))));

  app.get('/sobjects/:type/describe', (c) => {
    const def = objectOr404(org, c.req.param('type'));
    return sfJson(c, describeSObject(org.registry, def, c.get('apiVersion')));
  });

  app.get('/sobjects/:type', (c) => {
    const def = objectOr404(org, c.req.param('type'));
    return sfJson(c, {
      objectDescribe: describeGlobalEntry(def, c.get('apiVersion')),
      recentItems: [],
    });
  });

  app.post('/sobjects/:type', async (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const body = await readJson(c);
    if (!isPlainObject(body)) {
      throw SalesforceApiError.of(
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of object from START_ARRAY value',
      );
    }
    if (def.kind === 'event') return publishEvent(c, org, def, body);
    checkLock(c, '');
    const input = parseRecordInput(org.registry, def, body, { fromText: false });
    const context = writeContextOf(c, 'rest');
    const result = org.runOne(context, (engine, userId, tx) =>
      engine.create(def, input, userId, tx),
    );
    if (!result.ok) throw new SalesforceApiError(400, restErrors(result.errors));
    return sfJson(c, { id: result.id, success: true, errors: [] }, 201);
  });

  app.get('/sobjects/:type/:id', (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const row = rowOr404(org, def, c.req.param('id'));
    return sfJson(
      c,
      restRecord(def, row, c.get('apiVersion'), requestedFields(def, c.req.query('fields'))),
    );
  });

  app.patch('/sobjects/:type/:id', async (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const body = await readJson(c);
    if (!isPlainObject(body)) {
      throw SalesforceApiError.of(
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of object from START_ARRAY value',
      );
    }
    const row = rowOr404(org, def, c.req.param('id'));
    const id = String(row['Id']);
    checkLock(c, id);
    const input = parseRecordInput(org.registry, def, body, { fromText: false });
    const result = org.runOne(writeContextOf(c, 'rest'), (engine, userId, tx) =>
      engine.update(def, id, input, userId, tx),
    );
    if (!result.ok) throw new SalesforceApiError(400, restErrors(result.errors));
    return c.body(null, 204);
  });

  app.delete('/sobjects/:type/:id', (c) => {
    const def = objectOr404(org, c.req.param('type'));
    const row = rowOr404(org, def, c.req.param('id'));
    const id = String(row['Id']);
    checkLock(c, id);
    const result = org.runOne(writeContextOf(c, 'rest'), (engine, userId, tx) =>
      engine.remove(def, id, userId, tx),
    );
    if (!result.ok) throw new SalesforceApiError(400, restErrors(result.errors));
    return c.body(null, 204);
  });

  const matchesByExternalId = (c: DataContext) => {
    const def = objectOr404(org, c.req.param('type') ?? '');
    const field = externalIdField(def, c.req.param('field') ?? '');
    const value = decodeURIComponent(c.req.param('value') ?? '');
    const table = org.store.mustTable(def.name);
    const ids = table.lookup(field, value);
    return { def, field, value, ids };
  };

  const multipleChoices = (c: DataContext, def: ObjectDef, ids: readonly string[]) =>
    sfJson(
      c,
      ids.map((id) => `/services/data/v${c.get('apiVersion')}/sobjects/${def.name}/${id}`),
      300,
    );

  app.get('/sobjects/:type/:field/:value', (c) => {
    const { def, ids } = matchesByExternalId(c);
    if (ids.length > 1) return multipleChoices(c, def, ids);
    const row = ids[0] === undefined ? undefined : org.store.mustTable(def.name).rows.get(ids[0]);
    if (!row) throw notFound();
    return sfJson(
      c,
      restRecord(def, row, c.get('apiVersion'), requestedFields(def, c.req.query('fields'))),
    );
  });

  app.patch('/sobjects/:type/:field/:value', async (c) => {
    const { def, field, value, ids } = matchesByExternalId(c);
    const body = await readJson(c);
    if (!isPlainObject(body)) {
      throw SalesforceApiError.of(
        400,
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of object from START_ARRAY value',
      );
    }
    if (ids.length > 1) return multipleChoices(c, def, ids);
    checkLock(c, ids[0] ?? '');
    const input = parseRecordInput(org.registry, def, body, { fromText: false });
    const given = input.values.get(field.name);
    if (given !== undefined && String(given).toLowerCase() !== value.toLowerCase()) {
      throw SalesforceApiError.of(
        400,
        'INVALID_FIELD',
        `The value of ${field.name} in the request body does not match the external id in the URL`,
        [field.name],
      );
    }
    const result = org.runOne(writeContextOf(c, 'rest'), (engine, userId, tx) =>
      engine.upsert(def, field, value, input, userId, tx),
    );
    if (!result.ok) asSaveFailure(new RecordSaveError(result.errors));
    const ok = result;
    const major = Number(c.get('apiVersion').split('.')[0]);
    if (ok.created) return sfJson(c, { id: ok.id, success: true, errors: [], created: true }, 201);
    if (major < 46) return c.body(null, 204);
    return sfJson(c, { id: ok.id, success: true, errors: [], created: false }, 200);
  });

  app.delete('/sobjects/:type/:field/:value', (c) => {
    const { def, ids } = matchesByExternalId(c);
    if (ids.length > 1) return multipleChoices(c, def, ids);
    const id = ids[0];
    if (id === undefined) throw notFound();
    checkLock(c, id);
    const result = org.runOne(writeContextOf(c, 'rest'), (engine, userId, tx) =>
      engine.remove(def, id, userId, tx),
    );
    if (!result.ok) throw new SalesforceApiError(400, restErrors(result.errors));
    return c.body(null, 204);
  });

  return app;
}
