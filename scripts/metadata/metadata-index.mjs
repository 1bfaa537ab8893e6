// One index of what the project defines (objects, fields, classes, bundles, tabs…) merged with
// the standard objects, so rules can answer "does X exist?" the way a deploy would.
import { list, text, isTrue } from './xml-document.mjs';

/**
 * @typedef {object} FieldInfo
 * @property {string} name
 * @property {string} type          metadata FieldType for custom fields, describe type for standard ones
 * @property {boolean} custom
 * @property {boolean} required
 * @property {boolean} formula
 * @property {string[]} referenceTo
 * @property {string | undefined} relationshipName  as written in SOQL from this object (Account, Rel__r)
 * @property {string | undefined} childRelationshipName  custom lookups: as written from the parent (Logs__r)
 * @property {string[] | undefined} picklistValues
 * @property {number | undefined} length
 * @property {number | undefined} precision
 * @property {number | undefined} scale
 * @property {import('./source-files.mjs').SourceFile | undefined} file
 */

/**
 * @typedef {object} ObjectInfo
 * @property {string} name
 * @property {'custom' | 'metadata' | 'event' | 'standard'} kind
 * @property {boolean} known    defined in the project or described in the standard schema
 * @property {Map<string, FieldInfo>} fields   keyed by lower-case name
 * @property {Map<string, string>} childRelationships  lower-case name → child object
 * @property {import('./source-files.mjs').SourceFile | undefined} file  its .object-meta.xml
 */

/**
 * @typedef {object} MetadataIndex
 * @property {Map<string, ObjectInfo>} objects   keyed by lower-case name
 * @property {Map<string, import('./source-files.mjs').SourceFile>} classes  lower-case name → .cls
 * @property {Map<string, import('./source-files.mjs').SourceFile>} triggers
 * @property {Map<string, LwcBundle>} lwc  bundle name → bundle
 * @property {Map<string, import('./source-files.mjs').SourceFile>} tabs
 * @property {Map<string, import('./source-files.mjs').SourceFile>} flexipages
 * @property {Map<string, import('./source-files.mjs').SourceFile>} apps
 * @property {Map<string, import('./source-files.mjs').SourceFile>} permissionSets
 * @property {import('./source-files.mjs').SourceFile[]} fieldFiles
 * @property {import('./source-files.mjs').SourceFile[]} objectFiles
 * @property {import('./source-files.mjs').SourceFile[]} listViewFiles
 * @property {import('./source-files.mjs').SourceFile[]} customMetadataRecords
 * @property {import('./source-files.mjs').SourceFile[]} channelMembers
 * @property {import('./standard-schema.mjs').StandardSchema} standardSchema
 */

/**
 * @typedef {{ name: string, dir: string, files: import('./source-files.mjs').SourceFile[] }} LwcBundle
 */

/**
 * @param {string} name
 * @returns {ObjectInfo['kind']}
 */
export function objectKind(name) {
  if (/__mdt$/i.test(name)) return 'metadata';
  if (/__e$/i.test(name)) return 'event';
  if (/__c$/i.test(name)) return 'custom';
  return 'standard';
}

/**
 * @param {import('./source-files.mjs').SourceFile[]} files
 * @param {import('./standard-schema.mjs').StandardSchema} standardSchema
 * @returns {MetadataIndex}
 */
export function buildIndex(files, standardSchema) {
  /** @type {MetadataIndex} */
  const index = {
    objects: new Map(),
    classes: new Map(),
    triggers: new Map(),
    lwc: new Map(),
    tabs: new Map(),
    flexipages: new Map(),
    apps: new Map(),
    permissionSets: new Map(),
    fieldFiles: [],
    objectFiles: [],
    listViewFiles: [],
    customMetadataRecords: [],
    channelMembers: [],
    standardSchema,
  };

  for (const standard of standardSchema.objects.values()) {
    index.objects.set(standard.name.toLowerCase(), {
      name: standard.name,
      kind: 'standard',
      known: true,
      fields: new Map(
        [...standard.fields].map(([key, f]) => [
          key,
          {
            name: f.name,
            type: f.type,
            custom: false,
            required: false,
            formula: false,
            referenceTo: f.referenceTo,
            relationshipName: f.relationshipName,
            childRelationshipName: undefined,
            picklistValues: f.picklistValues,
            length: undefined,
            precision: undefined,
            scale: undefined,
            file: undefined,
          },
        ]),
      ),
      childRelationships: new Map(standard.childRelationships),
      file: undefined,
    });
  }

  for (const file of files) {
    const segments = file.rel.split('/');
    const objectsAt = segments.lastIndexOf('objects');
    if (objectsAt >= 0 && segments.length > objectsAt + 2) {
      const objectName = /** @type {string} */ (segments[objectsAt + 1]);
      if (file.suffix === 'object') index.objectFiles.push(file);
      else if (file.suffix === 'field') index.fieldFiles.push(file);
      else if (file.suffix === 'listView') index.listViewFiles.push(file);
      objectEntry(index, objectName);
    }
    const lwcAt = segments.lastIndexOf('lwc');
    if (lwcAt >= 0 && segments.length > lwcAt + 2) {
      const bundleName = /** @type {string} */ (segments[lwcAt + 1]);
      const bundle = index.lwc.get(bundleName) ?? {
        name: bundleName,
        dir: segments.slice(0, lwcAt + 2).join('/'),
        files: [],
      };
      bundle.files.push(file);
      index.lwc.set(bundleName, bundle);
    }
    const base = file.name.replace(/\.[A-Za-z]+-meta\.xml$/, '');
    if (file.name.endsWith('.cls')) index.classes.set(file.name.slice(0, -4).toLowerCase(), file);
    else if (file.name.endsWith('.trigger'))
      index.triggers.set(file.name.slice(0, -8).toLowerCase(), file);
    else if (file.suffix === 'tab') index.tabs.set(base, file);
    else if (file.suffix === 'flexipage') index.flexipages.set(base, file);
    else if (file.suffix === 'app') index.apps.set(base, file);
    else if (file.suffix === 'permissionset') index.permissionSets.set(base, file);
    else if (file.suffix === 'md') index.customMetadataRecords.push(file);
    else if (file.suffix === 'platformEventChannelMember') index.channelMembers.push(file);
  }

  for (const file of index.objectFiles) describeObject(index, file);
  for (const file of index.fieldFiles) describeField(index, file);
  for (const object of index.objects.values()) {
    for (const field of object.fields.values()) {
      if (!field.custom || !field.childRelationshipName) continue;
      for (const parent of field.referenceTo) {
        index.objects
          .get(parent.toLowerCase())
          ?.childRelationships.set(field.childRelationshipName.toLowerCase(), object.name);
      }
    }
  }
  return index;
}

/**
 * @param {MetadataIndex} index
 * @param {string} name
 * @returns {ObjectInfo}
 */
function objectEntry(index, name) {
  const key = name.toLowerCase();
  let entry = index.objects.get(key);
  if (!entry) {
    const kind = objectKind(name);
    entry = {
      name,
      kind,
      known: false,
      fields: new Map(),
      childRelationships: new Map(),
      file: undefined,
    };
    index.objects.set(key, entry);
  }
  return entry;
}

/**
 * @param {MetadataIndex} index
 * @param {import('./source-files.mjs').SourceFile} file
 */
function describeObject(index, file) {
  const name = file.name.replace(/\.object-meta\.xml$/, '');
  const entry = objectEntry(index, name);
  entry.file = file;
  if (entry.kind === 'standard') return;
  entry.known = true;
  const parsed = file.xml();
  const root = parsed.ok ? parsed.root : {};
  for (const field of systemFields(entry.kind, root))
    entry.fields.set(field.name.toLowerCase(), field);
}

/**
 * @param {MetadataIndex} index
 * @param {import('./source-files.mjs').SourceFile} file
 */
function describeField(index, file) {
  const segments = file.rel.split('/');
  const objectName = /** @type {string} */ (segments[segments.lastIndexOf('objects') + 1]);
  const entry = objectEntry(index, objectName);
  const parsed = file.xml();
  const root = parsed.ok ? parsed.root : {};
  const name = file.name.replace(/\.field-meta\.xml$/, '');
  const type = text(root.type) ?? '';
  const referenceTo = list(root.referenceTo)
    .map((r) => text(r) ?? '')
    .filter(Boolean);
  const childRelationshipName = text(root.relationshipName);
  const isReference = type === 'Lookup' || type === 'MasterDetail';
  entry.fields.set(name.toLowerCase(), {
    name,
    type,
    custom: true,
    required: isTrue(root.required) || type === 'MasterDetail',
    formula: text(root.formula) !== undefined || type === 'Summary' || type === 'AutoNumber',
    referenceTo,
    relationshipName: isReference ? name.replace(/__c$/, '__r') : undefined,
    childRelationshipName:
      isReference && childRelationshipName ? `${childRelationshipName}__r` : undefined,
    picklistValues: picklistValuesOf(root),
    length: numberOf(root.length),
    precision: numberOf(root.precision),
    scale: numberOf(root.scale),
    file,
  });
}

/**
 * @param {any} root  a CustomField element
 * @returns {string[] | undefined}
 */
export function picklistValuesOf(root) {
  const definition = root?.valueSet?.valueSetDefinition;
  if (!definition) return undefined;
  return list(definition.value).map((v) => text(v.fullName) ?? '');
}

/** @param {any} node */
function numberOf(node) {
  const value = text(node);
  return value === undefined || value === '' ? undefined : Number(value);
}

/**
 * Fields every object of a kind has without declaring them.
 * @param {ObjectInfo['kind']} kind
 * @param {any} root  the CustomObject element
 * @returns {FieldInfo[]}
 */
function systemFields(kind, root) {
  /** @type {(name: string, type: string, extra?: Partial<FieldInfo>) => FieldInfo} */
  const field = (name, type, extra = {}) => ({
    name,
    type,
    custom: false,
    required: false,
    formula: false,
    referenceTo: [],
    relationshipName: undefined,
    childRelationshipName: undefined,
    picklistValues: undefined,
    length: undefined,
    precision: undefined,
    scale: undefined,
    file: undefined,
    ...extra,
  });
  const userRef = (/** @type {string} */ rel) => ({ referenceTo: ['User'], relationshipName: rel });
  if (kind === 'metadata') {
    return [
      'DeveloperName',
      'MasterLabel',
      'Label',
      'Language',
      'NamespacePrefix',
      'QualifiedApiName',
    ]
      .map((n) => field(n, 'string'))
      .concat([field('Id', 'id'), field('SystemModstamp', 'datetime')]);
  }
  if (kind === 'event') {
    return [
      field('ReplayId', 'string'),
      field('EventUuid', 'string'),
      field('CreatedDate', 'datetime'),
      field('CreatedById', 'reference', userRef('CreatedBy')),
    ];
  }
  const fields = [
    field('Id', 'id'),
    field('Name', text(root?.nameField?.type) ?? 'Text'),
    field('CreatedDate', 'datetime'),
    field('CreatedById', 'reference', userRef('CreatedBy')),
    field('LastModifiedDate', 'datetime'),
    field('LastModifiedById', 'reference', userRef('LastModifiedBy')),
    field('SystemModstamp', 'datetime'),
    field('IsDeleted', 'boolean'),
    field('LastViewedDate', 'datetime'),
    field('LastReferencedDate', 'datetime'),
  ];
  if (text(root?.sharingModel) !== 'ControlledByParent') {
    fields.push(
      field('OwnerId', 'reference', { referenceTo: ['User', 'Group'], relationshipName: 'Owner' }),
    );
  }
  if (isTrue(root?.enableActivities)) fields.push(field('LastActivityDate', 'date'));
  return fields;
}
