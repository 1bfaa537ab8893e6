// Lightning pages: label, type, template, an existing sObject for record pages, and custom
// components that exist and are exposed for that kind of page.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, isTrue, list, text } from '../xml-document.mjs';
import { knownObject, unknownObjectMessage } from '../schema-lookup.mjs';
import { FLEXIPAGE_TYPES, LWC_TARGET_BY_FLEXIPAGE_TYPE } from '../metadata-vocabulary.mjs';

/**
 * Every componentName anywhere under a node.
 * @param {any} node
 * @param {string[]} found
 */
function componentNames(node, found = []) {
  if (Array.isArray(node)) node.forEach((n) => componentNames(n, found));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'componentName') list(value).forEach((v) => found.push(text(v) ?? ''));
      else componentNames(value, found);
    }
  }
  return found;
}

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'flexipage',
  description: 'FlexiPages are complete and place only existing, exposed components',
  check({ index }) {
    const { problems, report } = problemCollector('flexipage');
    for (const file of index.flexipages.values()) {
      const root = rootOf(file);
      if (!root) continue;
      /** @param {string} element @param {string} message @param {string} [value] */
      const at = (element, message, value) =>
        report(file, element, message, elementLine(file.text, element, value));
      if (!text(root.masterLabel)) at('masterLabel', 'required');
      const type = text(root.type);
      if (!type) at('type', 'required');
      else if (!FLEXIPAGE_TYPES.has(type)) at('type', `${type} is not a FlexiPage type`, type);
      if (!text(root.template?.name)) at('template', 'template.name is required');
      const sobjectType = text(root.sobjectType);
      if (type === 'RecordPage') {
        if (!sobjectType) at('sobjectType', 'required for a RecordPage');
        else if (!knownObject(index, sobjectType))
          at('sobjectType', unknownObjectMessage(index, sobjectType), sobjectType);
      }
      const neededTarget = type ? LWC_TARGET_BY_FLEXIPAGE_TYPE.get(type) : undefined;
      for (const component of componentNames(root.flexiPageRegions)) {
        const match = /^c(?::|__)(\w+)$/.exec(component);
        if (!match) continue;
        const bundleName = /** @type {string} */ (match[1]);
        const bundle = index.lwc.get(bundleName);
        if (!bundle) {
          at(
            'componentName',
            `Lightning web component ${bundleName} does not exist in lwc/`,
            component,
          );
          continue;
        }
        const meta = bundle.files.find((f) => f.name === `${bundleName}.js-meta.xml`);
        const metaRoot = meta ? rootOf(meta) : undefined;
        if (!metaRoot) continue;
        if (!isTrue(metaRoot.isExposed)) {
          at('componentName', `${bundleName} is not exposed (isExposed false)`, component);
          continue;
        }
        const targets = list(metaRoot.targets?.target).map((t) => text(t));
        if (neededTarget && !targets.includes(neededTarget)) {
          at(
            'componentName',
            `${bundleName} is placed on a ${type} but lacks the target ${neededTarget}`,
            component,
          );
        }
      }
    }
    return problems;
  },
};
