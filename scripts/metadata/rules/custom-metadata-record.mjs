// Custom metadata records: the type exists, every value names a field of it, values are typed
// as the field requires, and required fields have values.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, list, text } from '../xml-document.mjs';

const DEVELOPER_NAME = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/;
const STRING_TYPES = new Set([
  'Text',
  'TextArea',
  'LongTextArea',
  'Email',
  'Phone',
  'Url',
  'Picklist',
  'MetadataRelationship',
]);
const NUMBER_XSD = new Set(['xsd:double', 'xsd:int', 'xsd:long', 'xsd:decimal']);

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'custom-metadata-record',
  description: 'custom metadata records match the fields of their type',
  check({ index }) {
    const { problems, report } = problemCollector('custom-metadata-record');
    for (const file of index.customMetadataRecords) {
      const root = rootOf(file);
      if (!root) continue;
      const base = file.name.replace(/\.md-meta\.xml$/, '');
      const dot = base.indexOf('.');
      const typeName = `${base.slice(0, dot)}__mdt`;
      const recordName = base.slice(dot + 1);
      if (dot < 1 || !DEVELOPER_NAME.test(recordName) || recordName.length > 40) {
        report(
          file,
          'fullName',
          `file must be named <Type>.<Record>.md-meta.xml with a valid record name of at most 40 characters (found ${base})`,
        );
      }
      const label = text(root.label);
      if (!label) report(file, 'label', 'required', elementLine(file.text, 'label'));
      else if (label.length > 40)
        report(file, 'label', 'longer than 40 characters', elementLine(file.text, 'label'));

      const type = index.objects.get(typeName.toLowerCase());
      if (!type || type.kind !== 'metadata' || !type.known) {
        report(file, typeName, `custom metadata type ${typeName} is not defined in the project`);
        continue;
      }
      const seen = new Set();
      for (const entry of list(root.values)) {
        const fieldName = text(entry.field) ?? '';
        const line = elementLine(file.text, 'field', fieldName);
        const field = type.fields.get(fieldName.toLowerCase());
        if (!field || !field.custom) {
          report(file, fieldName || 'values', `${typeName} has no field ${fieldName}`, line);
          continue;
        }
        if (seen.has(field.name.toLowerCase())) report(file, fieldName, 'value given twice', line);
        seen.add(field.name.toLowerCase());
        const valueNode = entry.value;
        const isNil =
          valueNode && typeof valueNode === 'object' && valueNode['@_xsi:nil'] === 'true';
        if (valueNode === undefined || isNil) {
          if (field.required) report(file, fieldName, 'required field has no value', line);
          continue;
        }
        const xsdType = typeof valueNode === 'object' ? valueNode['@_xsi:type'] : undefined;
        const value = text(valueNode) ?? '';
        const problem = valueProblem(field, value, xsdType);
        if (problem) report(file, fieldName, problem, line);
      }
      for (const field of type.fields.values()) {
        if (field.custom && field.required && !seen.has(field.name.toLowerCase())) {
          report(file, field.name, 'required field has no value');
        }
      }
    }
    return problems;
  },
};

/**
 * @param {import('../metadata-index.mjs').FieldInfo} field
 * @param {string} value
 * @param {string | undefined} xsdType
 * @returns {string | undefined}
 */
function valueProblem(field, value, xsdType) {
  const type = field.type;
  if (type === 'Checkbox') {
    if (xsdType !== 'xsd:boolean')
      return `a Checkbox value needs xsi:type="xsd:boolean" (found ${xsdType ?? 'none'})`;
    if (value !== 'true' && value !== 'false') return `${value} is not true or false`;
    return undefined;
  }
  if (type === 'Number' || type === 'Percent') {
    if (!xsdType || !NUMBER_XSD.has(xsdType))
      return `a ${type} value needs xsi:type="xsd:double" (found ${xsdType ?? 'none'})`;
    if (!/^-?\d+(\.\d+)?$/.test(value)) return `${value} is not a number`;
    const [whole = '', fraction = ''] = value.replace('-', '').split('.');
    const scale = field.scale ?? 0;
    const digits = (field.precision ?? 18) - scale;
    if (whole.replace(/^0+(?=\d)/, '').length > digits)
      return `${value} has more than ${digits} digits before the decimal point`;
    if (fraction.replace(/0+$/, '').length > scale)
      return `${value} has more than ${scale} decimal places`;
    return undefined;
  }
  if (type === 'Date') {
    if (xsdType !== 'xsd:date')
      return `a Date value needs xsi:type="xsd:date" (found ${xsdType ?? 'none'})`;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value} is not a date (YYYY-MM-DD)`;
    return undefined;
  }
  if (type === 'DateTime') {
    if (xsdType !== 'xsd:dateTime')
      return `a DateTime value needs xsi:type="xsd:dateTime" (found ${xsdType ?? 'none'})`;
    if (Number.isNaN(Date.parse(value))) return `${value} is not a date-time`;
    return undefined;
  }
  if (STRING_TYPES.has(type)) {
    if (xsdType !== 'xsd:string')
      return `a ${type} value needs xsi:type="xsd:string" (found ${xsdType ?? 'none'})`;
    if (type === 'Picklist' && field.picklistValues && !field.picklistValues.includes(value)) {
      return `${value} is not a value of the picklist (${field.picklistValues.join(', ')})`;
    }
    if (field.length !== undefined && value.length > field.length)
      return `longer than the field's length ${field.length}`;
  }
  return undefined;
}
