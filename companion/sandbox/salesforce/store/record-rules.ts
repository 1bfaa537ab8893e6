import { saveError } from '../errors.js';
import type { SaveError } from '../errors.js';
import type { FieldDef, ObjectDef } from '../schema/types.js';
import type { Row } from './record-store.js';

const TEXT_TYPES = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
]);
const NUMBER_TYPES = new Set(['int', 'double', 'currency', 'percent']);
const EMAIL_RE = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

function checkValue(field: FieldDef, value: unknown): SaveError | undefined {
  if (value === null || value === undefined) return undefined;
  if (TEXT_TYPES.has(field.type) && typeof value === 'string') {
    const max = field.length ?? 255;
    if (value.length > max) {
      return saveError(
        'STRING_TOO_LONG',
        `${field.label}: data value too large: ${value} (max length=${max})`,
        [field.name],
      );
    }
    if (field.type === 'email' && value !== '' && !EMAIL_RE.test(value)) {
      return saveError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, [
        field.name,
      ]);
    }
    if (field.type === 'picklist' && field.restricted && !(field.values ?? []).includes(value)) {
      return saveError(
        'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        `${field.label}: bad value for restricted picklist field: ${value}`,
        [field.name],
      );
    }
    if (field.type === 'multipicklist' && field.restricted) {
      const bad = value.split(';').find((v) => !(field.values ?? []).includes(v));
      if (bad !== undefined) {
        return saveError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.label}: bad value for restricted picklist field: ${bad}`,
          [field.name],
        );
      }
    }
  }
  if (NUMBER_TYPES.has(field.type) && typeof value === 'number' && field.precision !== undefined) {
    const integerDigits = Math.trunc(Math.abs(value)).toString().length;
    if (Math.abs(value) >= 1 && integerDigits > field.precision - (field.scale ?? 0)) {
      return saveError(
        'NUMBER_OUTSIDE_VALID_RANGE',
        `${field.label}: value outside of valid range on numeric field: ${value}`,
        [field.name],
      );
    }
  }
  return undefined;
}

/**
 * Field-level rules of a record about to be saved: required fields present, lengths,
 * restricted picklists, email format, numeric range. Only `touched` fields are checked
 * for value rules (an update does not re-validate untouched values).
 */
export function checkRecordRules(
  def: ObjectDef,
  row: Row,
  touched: ReadonlySet<string>,
  creating: boolean,
): SaveError[] {
  const missing = def.fields.filter(
    (f) =>
      f.required &&
      f.type !== 'boolean' &&
      (creating ? f.createable : touched.has(f.name)) &&
      (row[f.name] === null || row[f.name] === undefined || row[f.name] === ''),
  );
  if (missing.length > 0) {
    const names = missing.map((f) => f.name);
    return [
      saveError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${names.join(', ')}]`,
        names,
      ),
    ];
  }
  const errors: SaveError[] = [];
  for (const name of touched) {
    const field = def.fieldsByLowerName.get(name.toLowerCase());
    const error = field ? checkValue(field, row[name]) : undefined;
    if (error) errors.push(error);
  }
  return errors;
}

/** Rounds numbers to their field's scale, as Salesforce stores them. */
export function roundToScale(field: FieldDef, value: unknown): unknown {
  if (typeof value !== 'number' || field.scale === undefined || field.type === 'int') return value;
  const factor = 10 ** field.scale;
  return Math.round(value * factor) / factor;
}
