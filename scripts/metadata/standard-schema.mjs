// Loads the description of standard objects (companion/sandbox/salesforce/schema/standard-objects.json).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Setup objects Apex tests use (users, permission set assignments, static resources); not in the CRM schema. */
const SETUP_OBJECTS = fileURLToPath(new URL('./setup-objects.json', import.meta.url));

/**
 * @typedef {object} StandardField
 * @property {string} name
 * @property {string} type            describe type: string, reference, boolean, picklist…
 * @property {string[]} referenceTo
 * @property {string | undefined} relationshipName
 * @property {string[] | undefined} picklistValues
 */

/**
 * @typedef {object} StandardObject
 * @property {string} name
 * @property {Map<string, StandardField>} fields  keyed by lower-case name
 * @property {Map<string, string>} childRelationships  lower-case relationship name → child object
 */

/**
 * @typedef {{ found: boolean, file: string, objects: Map<string, StandardObject> }} StandardSchema
 */

const USER_REFERENCES = new Set(['createdbyid', 'lastmodifiedbyid']);

/**
 * @param {string} file
 * @returns {StandardSchema}
 */
export function loadStandardSchema(file) {
  const setup = standardObjectsFrom(JSON.parse(readFileSync(SETUP_OBJECTS, 'utf8')));
  if (!existsSync(file)) return { found: false, file, objects: setup };
  const objects = standardObjectsFrom(JSON.parse(readFileSync(file, 'utf8')));
  for (const [name, object] of setup) if (!objects.has(name)) objects.set(name, object);
  return { found: true, file, objects };
}

/**
 * @param {Record<string, any>} json
 * @returns {Map<string, StandardObject>}
 */
export function standardObjectsFrom(json) {
  /** @type {Map<string, StandardObject>} */
  const objects = new Map();
  for (const [objectName, description] of Object.entries(json)) {
    if (!description || typeof description !== 'object') continue;
    /** @type {Map<string, StandardField>} */
    const fields = new Map();
    for (const [fieldName, raw] of Object.entries(description.fields ?? {})) {
      const type = String(raw?.type ?? 'string');
      let referenceTo = Array.isArray(raw?.referenceTo) ? raw.referenceTo.map(String) : [];
      let relationshipName =
        typeof raw?.relationshipName === 'string' ? raw.relationshipName : undefined;
      if (type === 'reference' && fieldName.endsWith('Id') && fieldName !== 'Id') {
        relationshipName ??= fieldName.slice(0, -2);
        if (referenceTo.length === 0) {
          const lower = fieldName.toLowerCase();
          if (lower === 'ownerid') referenceTo = ['User', 'Group'];
          else if (USER_REFERENCES.has(lower)) referenceTo = ['User'];
          else referenceTo = [relationshipName];
        }
      }
      const picklistValues = Array.isArray(raw?.picklistValues)
        ? raw.picklistValues.map((/** @type {any} */ v) =>
            String(typeof v === 'object' ? v.value : v),
          )
        : undefined;
      fields.set(fieldName.toLowerCase(), {
        name: fieldName,
        type,
        referenceTo,
        relationshipName,
        picklistValues,
      });
    }
    /** @type {Map<string, string>} */
    const childRelationships = new Map();
    for (const child of Array.isArray(description.childRelationships)
      ? description.childRelationships
      : []) {
      if (child?.relationshipName && child?.childSObject) {
        childRelationships.set(
          String(child.relationshipName).toLowerCase(),
          String(child.childSObject),
        );
      }
    }
    objects.set(objectName.toLowerCase(), { name: objectName, fields, childRelationships });
  }
  return objects;
}
