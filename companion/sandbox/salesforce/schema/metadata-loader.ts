import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import type { CustomMetadataRecord, FieldSpec, ObjectKind } from './types.js';

/** What a force-app source tree declares about one object (custom, or fields added to a standard one). */
export interface DeclaredObject {
  readonly name: string;
  readonly kind: ObjectKind;
  /** False for a standard object that the tree only extends with custom fields. */
  readonly declared: boolean;
  readonly label: string;
  readonly labelPlural: string;
  readonly nameField: FieldSpec | undefined;
  readonly hasMasterDetail: boolean;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

export interface ForceAppMetadata {
  readonly objects: readonly DeclaredObject[];
  readonly customMetadata: readonly CustomMetadataRecord[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'values' || name === 'value',
});

type XmlNode = Record<string, unknown>;

function text(node: unknown): string | undefined {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && '#text' in node)
    return String((node as XmlNode)['#text']);
  return undefined;
}

function flag(node: unknown): boolean {
  return text(node) === 'true';
}

function num(node: unknown): number | undefined {
  const t = text(node);
  return t === undefined || t === '' ? undefined : Number(t);
}

function readXml(path: string, root: string): XmlNode {
  const parsed = parser.parse(readFileSync(path, 'utf8')) as XmlNode;
  const node = parsed[root];
  if (!node || typeof node !== 'object') throw new Error(`${path}: expected a <${root}> document`);
  return node as XmlNode;
}

/** Walks up from this module to find the repository's force-app default package. */
export function findForceAppDir(
  start = dirname(fileURLToPath(import.meta.url)),
): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'force-app', 'main', 'default');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function picklistValues(field: XmlNode): {
  values: string[];
  valueLabels: Record<string, string>;
  restricted: boolean;
  defaultValue?: string;
} {
  const valueSet = field['valueSet'] as XmlNode | undefined;
  const definition = valueSet?.['valueSetDefinition'] as XmlNode | undefined;
  const entries = (definition?.['value'] as XmlNode[] | undefined) ?? [];
  const values: string[] = [];
  const valueLabels: Record<string, string> = {};
  let defaultValue: string | undefined;
  for (const entry of entries) {
    const name = text(entry['fullName']);
    if (name === undefined) continue;
    values.push(name);
    valueLabels[name] = text(entry['label']) ?? name;
    if (flag(entry['default'])) defaultValue = name;
  }
  return {
    values,
    valueLabels,
    restricted: flag(valueSet?.['restricted']),
    ...(defaultValue !== undefined ? { defaultValue } : {}),
  };
}

function formulaType(returnType: string | undefined, scale: number | undefined): FieldSpec['type'] {
  switch (returnType) {
    case 'Checkbox':
      return 'boolean';
    case 'Number':
      return scale === 0 ? 'int' : 'double';
    case 'Currency':
      return 'currency';
    case 'Percent':
      return 'percent';
    case 'Date':
      return 'date';
    case 'DateTime':
      return 'datetime';
    default:
      return 'string';
  }
}

/** Maps one `<CustomField>` to the describe-style spec; undefined for types the emulator ignores. */
export function fieldSpecFromXml(field: XmlNode): FieldSpec | undefined {
  const type = text(field['type']);
  const label = text(field['label']) ?? text(field['fullName']) ?? '';
  const common = {
    label,
    ...(flag(field['required']) ? { required: true } : {}),
    ...(flag(field['unique']) ? { unique: true } : {}),
    ...(flag(field['externalId']) ? { externalId: true } : {}),
    ...(flag(field['caseSensitive']) ? { caseSensitive: true } : {}),
  };
  const length = num(field['length']);
  const precision = num(field['precision']);
  const scale = num(field['scale']);
  const formula = text(field['formula']);
  if (formula !== undefined && formula !== '') {
    return {
      type: formulaType(type, scale),
      label,
      calculated: true,
      createable: false,
      updateable: false,
      ...(precision !== undefined ? { precision } : {}),
      ...(scale !== undefined ? { scale } : {}),
    };
  }
  switch (type) {
    case 'Text':
      return { type: 'string', length: length ?? 255, ...common };
    case 'TextArea':
      return { type: 'textarea', length: 255, ...common };
    case 'LongTextArea':
    case 'Html':
      return { type: 'textarea', length: length ?? 32768, ...common };
    case 'EncryptedText':
      return { type: 'string', length: length ?? 175, ...common };
    case 'Email':
      return { type: 'email', length: 80, ...common };
    case 'Phone':
      return { type: 'phone', length: 40, ...common };
    case 'Url':
      return { type: 'url', length: 255, ...common };
    case 'Checkbox':
      return { type: 'boolean', ...common, defaultValue: text(field['defaultValue']) === 'true' };
    case 'Number':
      return {
        type: scale === 0 ? 'int' : 'double',
        precision: precision ?? 18,
        scale: scale ?? 0,
        ...common,
      };
    case 'Currency':
      return { type: 'currency', precision: precision ?? 18, scale: scale ?? 2, ...common };
    case 'Percent':
      return { type: 'percent', precision: precision ?? 18, scale: scale ?? 2, ...common };
    case 'Date':
      return { type: 'date', ...common };
    case 'DateTime':
      return { type: 'datetime', ...common };
    case 'Picklist':
    case 'MultiselectPicklist': {
      const { values, valueLabels, restricted, defaultValue } = picklistValues(field);
      return {
        type: type === 'Picklist' ? 'picklist' : 'multipicklist',
        values,
        valueLabels,
        restricted,
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        ...common,
      };
    }
    case 'Lookup':
    case 'MasterDetail': {
      const fullName = text(field['fullName']) ?? '';
      const referenceTo = text(field['referenceTo']);
      const child = text(field['relationshipName']);
      return {
        type: 'reference',
        referenceTo: referenceTo ? [referenceTo] : [],
        relationshipName: fullName.replace(/__c$/, '__r'),
        ...(child ? { childRelationshipName: `${child}__r` } : {}),
        ...common,
        ...(type === 'MasterDetail' ? { required: true } : {}),
      };
    }
    case 'AutoNumber':
      return {
        type: 'string',
        length: 30,
        label,
        calculated: true,
        autoNumber: true,
        createable: false,
        updateable: false,
        ...optionalDisplayFormat(text(field['displayFormat'])),
      };
    default:
      return undefined;
  }
}

function optionalDisplayFormat(displayFormat: string | undefined): { displayFormat?: string } {
  return displayFormat !== undefined ? { displayFormat } : {};
}

function kindOf(name: string): ObjectKind {
  if (name.endsWith('__mdt')) return 'metadata';
  if (name.endsWith('__e')) return 'event';
  if (name.endsWith('__c')) return 'custom';
  return 'standard';
}

function nameFieldSpec(objectXml: XmlNode | undefined): FieldSpec | undefined {
  const nameField = objectXml?.['nameField'] as XmlNode | undefined;
  if (!nameField) return undefined;
  const label = text(nameField['label']) ?? 'Name';
  if (text(nameField['type']) === 'AutoNumber') {
    const displayFormat = text(nameField['displayFormat']);
    return {
      type: 'string',
      length: 80,
      label,
      calculated: true,
      autoNumber: true,
      createable: false,
      updateable: false,
      nameField: true,
      ...(displayFormat !== undefined ? { displayFormat } : {}),
    };
  }
  return { type: 'string', length: 80, label, required: true, nameField: true };
}

function loadObject(dir: string, name: string): DeclaredObject {
  const objectFile = join(dir, `${name}.object-meta.xml`);
  const objectXml = existsSync(objectFile) ? readXml(objectFile, 'CustomObject') : undefined;
  const fields: Record<string, FieldSpec> = {};
  let hasMasterDetail = false;
  const fieldsDir = join(dir, 'fields');
  if (existsSync(fieldsDir)) {
    for (const file of readdirSync(fieldsDir).sort()) {
      if (!file.endsWith('.field-meta.xml')) continue;
      const xml = readXml(join(fieldsDir, file), 'CustomField');
      const fullName = text(xml['fullName']) ?? file.replace(/\.field-meta\.xml$/, '');
      if (!fullName.endsWith('__c')) continue;
      if (text(xml['type']) === 'MasterDetail') hasMasterDetail = true;
      const spec = fieldSpecFromXml(xml);
      if (spec) fields[fullName] = spec;
    }
  }
  return {
    name,
    kind: kindOf(name),
    declared: objectXml !== undefined && kindOf(name) !== 'standard',
    label: text(objectXml?.['label']) ?? name,
    labelPlural: text(objectXml?.['pluralLabel']) ?? text(objectXml?.['label']) ?? name,
    nameField: nameFieldSpec(objectXml),
    hasMasterDetail,
    fields,
  };
}

function metadataValue(node: XmlNode): unknown {
  const value = (node['value'] as unknown[] | undefined)?.[0];
  if (value === undefined || value === '') return null;
  if (typeof value === 'object' && value !== null) {
    const attrs = value as XmlNode;
    if (attrs['@_xsi:nil'] === 'true') return null;
    const raw = text(value) ?? '';
    const xsiType = attrs['@_xsi:type'];
    if (xsiType === 'xsd:boolean') return raw === 'true';
    if (xsiType === 'xsd:double' || xsiType === 'xsd:int' || xsiType === 'xsd:long')
      return Number(raw);
    return raw;
  }
  return String(value);
}

function loadCustomMetadata(dir: string): CustomMetadataRecord[] {
  if (!existsSync(dir)) return [];
  const records: CustomMetadataRecord[] = [];
  for (const file of readdirSync(dir).sort()) {
    const match = /^([^.]+)\.([^.]+)\.md-meta\.xml$/.exec(file);
    if (!match) continue;
    const xml = readXml(join(dir, file), 'CustomMetadata');
    const values: Record<string, unknown> = {};
    for (const entry of (xml['values'] as XmlNode[] | undefined) ?? []) {
      const field = text(entry['field']);
      if (field) values[field] = metadataValue(entry);
    }
    const [, typeName = '', developerName = ''] = match;
    records.push({
      type: `${typeName}__mdt`,
      developerName,
      label: text(xml['label']) ?? developerName,
      values,
    });
  }
  return records;
}

/** Reads objects, fields and custom metadata records from a force-app `main/default` directory. */
export function loadForceAppMetadata(forceAppDir: string): ForceAppMetadata {
  const root = resolve(forceAppDir);
  const objectsDir = join(root, 'objects');
  const objects: DeclaredObject[] = [];
  if (existsSync(objectsDir)) {
    for (const name of readdirSync(objectsDir).sort()) {
      const dir = join(objectsDir, name);
      if (statSync(dir).isDirectory()) objects.push(loadObject(dir, name));
    }
  }
  return { objects, customMetadata: loadCustomMetadata(join(root, 'customMetadata')) };
}
