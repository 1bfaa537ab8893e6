// Custom tabs: an object tab names an existing custom object; a page or component tab names an
// existing FlexiPage or bundle; every tab has a motif.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, isTrue, text } from '../xml-document.mjs';
import { knownObject } from '../schema-lookup.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'custom-tab',
  description: 'tabs point at objects, pages or components that exist',
  check({ index }) {
    const { problems, report } = problemCollector('custom-tab');
    for (const [name, file] of index.tabs) {
      const root = rootOf(file);
      if (!root) continue;
      /** @param {string} element @param {string} message */
      const at = (element, message) =>
        report(file, element, message, elementLine(file.text, element));
      if (!text(root.motif)) at('motif', 'required (for example Custom57: Building Block)');
      const targets = ['flexiPage', 'lwcComponent', 'auraComponent', 'page', 'url'].filter((e) =>
        text(root[e]),
      );
      if (isTrue(root.customObject)) {
        const object = knownObject(index, name);
        if (!object || object.kind !== 'custom')
          at('customObject', `custom object ${name} (the tab's name) does not exist`);
        if (targets.length > 0)
          at(targets[0] ?? 'customObject', 'an object tab takes no page, component or URL');
        continue;
      }
      if (targets.length !== 1) {
        at(
          'customObject',
          'a tab is either an object tab (<customObject>true</customObject>) or has exactly one of flexiPage, lwcComponent, auraComponent, page, url',
        );
        continue;
      }
      if (!text(root.label)) at('label', 'required for a tab that is not an object tab');
      const flexiPage = text(root.flexiPage);
      if (flexiPage && !index.flexipages.has(flexiPage))
        at('flexiPage', `FlexiPage ${flexiPage} does not exist`);
      const lwc = text(root.lwcComponent);
      if (lwc) {
        const bundle = index.lwc.get(lwc);
        if (!bundle) at('lwcComponent', `Lightning web component ${lwc} does not exist`);
        else {
          const meta = bundle.files.find((f) => f.name === `${lwc}.js-meta.xml`);
          const metaRoot = meta ? rootOf(meta) : undefined;
          const targetList = metaRoot?.targets?.target;
          const hasTab = [targetList].flat().some((t) => text(t) === 'lightning__Tab');
          if (!hasTab) at('lwcComponent', `${lwc} must be exposed with the target lightning__Tab`);
        }
      }
    }
    return problems;
  },
};
