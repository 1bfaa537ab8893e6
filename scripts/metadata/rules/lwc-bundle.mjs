// Lightning web component bundles: a configuration file named for the bundle, its apiVersion
// and isExposed, valid targets, and targetConfigs that name declared targets and existing objects.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, list, text } from '../xml-document.mjs';
import { knownObject, unknownObjectMessage } from '../schema-lookup.mjs';
import { LWC_TARGETS } from '../metadata-vocabulary.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'lwc-bundle',
  description: 'every LWC bundle has a valid .js-meta.xml',
  check({ index }) {
    const { problems, report } = problemCollector('lwc-bundle');
    for (const bundle of index.lwc.values()) {
      const metaName = `${bundle.name}.js-meta.xml`;
      const meta = bundle.files.find((f) => f.name === metaName);
      const hasModule = bundle.files.some(
        (f) => f.name === `${bundle.name}.js` || f.name === `${bundle.name}.ts`,
      );
      if (!hasModule)
        report(
          `${bundle.dir}/${bundle.name}.js`,
          bundle.name,
          `bundle ${bundle.name} has no ${bundle.name}.js`,
        );
      if (!meta) {
        report(
          `${bundle.dir}/${metaName}`,
          bundle.name,
          `bundle ${bundle.name} has no ${metaName}`,
        );
        continue;
      }
      const root = rootOf(meta);
      if (!root) continue;
      /** @param {string} element @param {string} message @param {string} [value] */
      const at = (element, message, value) =>
        report(meta, element, message, elementLine(meta.text, element, value));
      if (text(root.apiVersion) === undefined) at('apiVersion', 'required');
      const exposed = text(root.isExposed);
      if (exposed !== 'true' && exposed !== 'false') at('isExposed', 'required (true or false)');
      const targets = list(root.targets?.target).map((t) => text(t) ?? '');
      for (const target of targets) {
        if (!LWC_TARGETS.has(target))
          at('target', `${target} is not a Lightning web component target`, target);
      }
      if (exposed === 'true' && targets.length === 0)
        at('targets', 'an exposed component needs at least one target');
      for (const config of list(root.targetConfigs?.targetConfig)) {
        const configTargets = String(config?.['@_targets'] ?? '')
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        if (configTargets.length === 0) at('targetConfig', 'needs a targets attribute');
        for (const target of configTargets) {
          if (!targets.includes(target))
            at('targetConfig', `targets ${target}, which is not listed in <targets>`);
        }
        for (const objectNode of list(config?.objects?.object)) {
          const objectName = text(objectNode) ?? '';
          if (!knownObject(index, objectName))
            at('object', unknownObjectMessage(index, objectName), objectName);
        }
      }
    }
    return problems;
  },
};
