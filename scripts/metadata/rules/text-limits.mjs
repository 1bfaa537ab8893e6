// Length and format limits of the text elements of each metadata type: a deploy rejects a
// description, label or help text that is longer than its type allows.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, lineAt, list, text } from '../xml-document.mjs';

/**
 * @typedef {object} TextLimit
 * @property {string} element   element of the root (or `parent.child` for a repeated child)
 * @property {number} max       characters (the Metadata API counts characters, not bytes)
 * @property {boolean} [singleLine]  a label: no line breaks
 * @property {string} source    where the limit is documented
 */

const META = 'https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta';
const FIELD_REF =
  'https://developer.salesforce.com/docs/platform/field-reference/references/field-reference';
const CUSTOM_FIELD_ATTRIBUTES =
  'https://help.salesforce.com/s/articleView?id=platform.custom_field_attributes.htm&type=5';
const LABEL_40 = 'https://help.salesforce.com/s/articleView?id=000381913&type=1';

/** Root element → the limits of its text elements. */
export const TEXT_LIMITS = new Map(
  /** @type {[string, TextLimit[]][]} */ ([
    [
      'PermissionSet',
      [
        // Metadata API, PermissionSet: "description … Maximum 255 characters";
        // Tooling API PermissionSet.Description "Limit: 255 characters".
        { element: 'description', max: 255, source: `${META}/meta_permissionset.htm` },
        // Object reference, PermissionSet: Label string(80).
        {
          element: 'label',
          max: 80,
          singleLine: true,
          source: `${FIELD_REF}/salesforce-field-reference-permissionset.html`,
        },
      ],
    ],
    [
      'CustomField',
      [
        // "The current character limit for creating field names and labels is 40 characters."
        { element: 'label', max: 40, singleLine: true, source: LABEL_40 },
        // Custom Field Attributes: Description up to 1,000 characters; Help Text up to 510.
        { element: 'description', max: 1000, source: CUSTOM_FIELD_ATTRIBUTES },
        { element: 'inlineHelpText', max: 510, source: CUSTOM_FIELD_ATTRIBUTES },
        // Custom Field Attributes: Child Relationship label like the field label.
        { element: 'relationshipLabel', max: 40, singleLine: true, source: LABEL_40 },
        // Picklist values: a value's label, 255 characters (Custom Field Attributes).
        {
          element: 'valueSet.valueSetDefinition.value.label',
          max: 255,
          singleLine: true,
          source: CUSTOM_FIELD_ATTRIBUTES,
        },
      ],
    ],
    [
      'CustomObject',
      [
        // Object labels share the 40-character limit of field labels and names.
        { element: 'label', max: 40, singleLine: true, source: LABEL_40 },
        { element: 'pluralLabel', max: 40, singleLine: true, source: LABEL_40 },
        // The Setup form's limit for an object description (the Metadata API page names the
        // element without a length).
        { element: 'description', max: 1000, source: `${META}/customobject.htm` },
      ],
    ],
    [
      'CustomMetadata',
      [
        // Custom metadata records: Label 40 like an object label; Metadata API,
        // CustomMetadata: "description … can contain up to 1,000 characters".
        { element: 'label', max: 40, singleLine: true, source: LABEL_40 },
        { element: 'description', max: 1000, source: `${META}/meta_custommetadata.htm` },
      ],
    ],
    [
      'CustomNotificationType',
      [
        // Metadata API, CustomNotificationType: customNotifTypeName "Maximum number of
        // characters: 80", description "Maximum number of characters: 255"; field reference,
        // CustomNotificationType: MasterLabel string(80).
        {
          element: 'customNotifTypeName',
          max: 80,
          singleLine: true,
          source: `${META}/meta_customnotificationtype.htm`,
        },
        { element: 'description', max: 255, source: `${META}/meta_customnotificationtype.htm` },
        {
          element: 'masterLabel',
          max: 80,
          singleLine: true,
          source: `${FIELD_REF}/salesforce-field-reference-customnotificationtype.html`,
        },
      ],
    ],
    [
      'NamedCredential',
      [
        // Field reference, NamedCredential: MasterLabel string(80), Description string(255).
        {
          element: 'label',
          max: 80,
          singleLine: true,
          source: `${FIELD_REF}/salesforce-field-reference-namedcredential.html`,
        },
        {
          element: 'description',
          max: 255,
          source: `${FIELD_REF}/salesforce-field-reference-namedcredential.html`,
        },
      ],
    ],
  ]),
);

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'text-limits',
  description: 'descriptions, labels and help texts fit the lengths the Metadata API allows',
  check({ files }) {
    const { problems, report } = problemCollector('text-limits');
    for (const file of files) {
      if (!file.suffix) continue;
      const parsed = file.xml();
      if (!parsed.ok) continue;
      const limits = TEXT_LIMITS.get(parsed.rootName);
      if (!limits) continue;
      const root = rootOf(file);
      for (const limit of limits) {
        const path = limit.element.split('.');
        const leaf = path.at(-1) ?? limit.element;
        for (const value of valuesAt(root, path)) {
          const where = elementLine(file.text, leaf);
          if (value.length > limit.max) {
            report(
              file,
              limit.element,
              `${value.length} characters, over the ${limit.max} allowed`,
              lineOfValue(file.text, leaf, value) ?? where,
            );
          }
          if (limit.singleLine && /[\r\n]/.test(value)) {
            report(
              file,
              limit.element,
              'must be one line',
              lineOfValue(file.text, leaf, value) ?? where,
            );
          }
        }
      }
    }
    return problems;
  },
};

/**
 * Every text value at a dotted path (repeated elements on the way are all visited).
 * @param {any} node
 * @param {string[]} path
 * @returns {string[]}
 */
function valuesAt(node, path) {
  if (node === undefined || node === null) return [];
  const [head, ...rest] = path;
  if (head === undefined) return [];
  const children = list(node[head]);
  if (rest.length === 0) {
    return children.map((child) => text(child)).filter((v) => v !== undefined);
  }
  return children.flatMap((child) => valuesAt(child, rest));
}

/**
 * Line of the element whose text starts like `value` (values are entity-decoded, so match on
 * a prefix of plain characters).
 * @param {string} source
 * @param {string} element
 * @param {string} value
 */
function lineOfValue(source, element, value) {
  const prefix = value.slice(0, 20).replace(/[&<>"']/g, '');
  const index = source.indexOf(`<${element}>${prefix}`);
  return index < 0 ? undefined : lineAt(source, index);
}
