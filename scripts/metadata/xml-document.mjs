// Parsing of metadata XML files and small accessors over the parsed tree.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

/**
 * @typedef {{ ok: true, rootName: string, namespace: string | undefined, root: any }
 *   | { ok: false, line: number | undefined, message: string }} ParsedXml
 */

/**
 * @param {string} text
 * @returns {ParsedXml}
 */
export function parseMetadataXml(text) {
  const verdict = XMLValidator.validate(text);
  if (verdict !== true) {
    return { ok: false, line: verdict.err.line, message: verdict.err.msg };
  }
  const doc = parser.parse(text);
  const roots = Object.keys(doc).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (roots.length !== 1) {
    return {
      ok: false,
      line: undefined,
      message: `expected one root element, found ${roots.length}`,
    };
  }
  const rootName = /** @type {string} */ (roots[0]);
  const root = doc[rootName] === '' ? {} : doc[rootName];
  const namespace = typeof root === 'object' ? root['@_xmlns'] : undefined;
  return { ok: true, rootName, namespace, root };
}

/**
 * The text of an element (a string, or an object with attributes and #text), or undefined.
 * @param {any} node
 * @returns {string | undefined}
 */
export function text(node) {
  if (node === undefined || node === null) return undefined;
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object') {
    if ('#text' in node) return String(node['#text']);
    return '';
  }
  return undefined;
}

/**
 * A repeated element as an array (absent → [], single → [it]).
 * @param {any} node
 * @returns {any[]}
 */
export function list(node) {
  if (node === undefined || node === null || node === '') return [];
  return Array.isArray(node) ? node : [node];
}

/**
 * @param {any} node
 * @returns {boolean}
 */
export function isTrue(node) {
  return text(node) === 'true';
}

/**
 * 1-based line of the first occurrence of `needle` in `source`, or undefined.
 * @param {string} source
 * @param {string | RegExp} needle
 * @returns {number | undefined}
 */
export function lineOf(source, needle) {
  const index = typeof needle === 'string' ? source.indexOf(needle) : source.search(needle);
  if (index < 0) return undefined;
  return lineAt(source, index);
}

/**
 * @param {string} source
 * @param {number} index
 */
export function lineAt(source, index) {
  let line = 1;
  for (let i = 0; i < index; i += 1) if (source.charCodeAt(i) === 10) line += 1;
  return line;
}

/**
 * Line of `<element>value</element>` (or of `<element>` alone when no value is given).
 * @param {string} source
 * @param {string} element
 * @param {string} [value]
 */
export function elementLine(source, element, value) {
  if (value !== undefined) {
    const exact = lineOf(source, `<${element}>${value}</${element}>`);
    if (exact !== undefined) return exact;
  }
  return lineOf(source, `<${element}>`) ?? lineOf(source, `<${element} `);
}
