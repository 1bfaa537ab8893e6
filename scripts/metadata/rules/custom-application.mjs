// Lightning apps: label, navigation and UI type, form factors, and tabs that exist.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, list, text } from '../xml-document.mjs';
import { FORM_FACTORS, NAV_TYPES, UI_TYPES } from '../metadata-vocabulary.mjs';
import { tabExists } from './permission-set.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'custom-application',
  description: 'applications carry label, navType, uiType, form factors and existing tabs',
  check({ index }) {
    const { problems, report } = problemCollector('custom-application');
    for (const file of index.apps.values()) {
      const root = rootOf(file);
      if (!root) continue;
      /** @param {string} element @param {string} message @param {string} [value] */
      const at = (element, message, value) =>
        report(file, element, message, elementLine(file.text, element, value));
      if (!text(root.label)) at('label', 'required');
      /** @param {string} element @param {Set<string>} allowed */
      const requireEnum = (element, allowed) => {
        const value = text(root[element]);
        if (!value) at(element, `required; one of ${[...allowed].join(', ')}`);
        else if (!allowed.has(value))
          at(element, `${value} is not one of ${[...allowed].join(', ')}`, value);
      };
      requireEnum('navType', NAV_TYPES);
      requireEnum('uiType', UI_TYPES);
      const formFactors = list(root.formFactors).map((f) => text(f) ?? '');
      if (formFactors.length === 0)
        at('formFactors', `at least one of ${[...FORM_FACTORS].join(', ')}`);
      for (const factor of formFactors) {
        if (!FORM_FACTORS.has(factor))
          at('formFactors', `${factor} is not one of ${[...FORM_FACTORS].join(', ')}`, factor);
      }
      for (const tab of list(root.tabs).map((t) => text(t) ?? '')) {
        if (!tabExists(index, tab))
          at('tabs', `tab ${tab} does not exist (no tab file, and not standard-<Object>)`, tab);
      }
      const landing = text(root.defaultLandingTab);
      if (landing && !tabExists(index, landing))
        at('defaultLandingTab', `tab ${landing} does not exist`, landing);
      const utilityBar = text(root.utilityBar);
      if (utilityBar && !index.flexipages.has(utilityBar))
        at('utilityBar', `FlexiPage ${utilityBar} does not exist`, utilityBar);
      for (const override of [
        ...list(root.actionOverrides),
        ...list(root.profileActionOverrides),
      ]) {
        const content = text(override.content);
        if (text(override.type) === 'Flexipage' && content && !index.flexipages.has(content)) {
          at('actionOverrides', `FlexiPage ${content} does not exist`, content);
        }
      }
    }
    return problems;
  },
};
