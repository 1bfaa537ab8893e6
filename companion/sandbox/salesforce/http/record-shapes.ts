import type { SaveError } from '../errors.js';
import type { RecordResult } from '../org.js';
import type { ObjectDef } from '../schema/types.js';
import type { Row } from '../store/record-store.js';

/** A stored row as the REST API returns it: `attributes` then every field. */
export function restRecord(
  def: ObjectDef,
  row: Row,
  apiVersion: string,
  fields?: readonly string[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {
    attributes: {
      type: def.name,
      url: `/services/data/v${apiVersion}/sobjects/${def.name}/${String(row['Id'])}`,
    },
  };
  for (const name of fields ?? def.fields.map((f) => f.name)) record[name] = row[name] ?? null;
  return record;
}

/** A save result in sObject Collections form. */
export function collectionResult(
  result: RecordResult,
  withCreated: boolean,
): Record<string, unknown> {
  if (result.ok) {
    return {
      id: result.id,
      success: true,
      errors: [],
      ...(withCreated ? { created: result.created } : {}),
    };
  }
  return {
    ...(result.id ? { id: result.id } : {}),
    success: false,
    errors: result.errors.map((e: SaveError) => ({
      statusCode: e.statusCode,
      message: e.message,
      fields: e.fields,
    })),
  };
}

/** A per-record failure answered as a whole REST response: `[{message, errorCode, fields}]`. */
export function restErrors(
  errors: readonly SaveError[],
): { message: string; errorCode: string; fields: readonly string[] }[] {
  return errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields }));
}
