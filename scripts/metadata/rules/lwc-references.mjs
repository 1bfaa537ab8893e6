// Lightning web components use only what exists: @salesforce/schema/Object[.Relationship].Field,
// @salesforce/apex/Class.method, c/module imports and <c-child> components.
import { problemCollector } from '../rule.mjs';
import { lineAt } from '../xml-document.mjs';
import { knownObject, resolveFieldPath, unknownObjectMessage } from '../schema-lookup.mjs';
import { analyseApex } from '../apex-source.mjs';

const IMPORT = /['"]@salesforce\/(schema|apex)\/([^'"]+)['"]/g;
const MODULE_IMPORT = /\bfrom\s+['"]c\/(\w+)['"]/g;
const CHILD_TAG = /<c-([a-z0-9-]+)[\s/>]/g;

/** c-okta-contact-status → oktaContactStatus */
function bundleOfTag(/** @type {string} */ tag) {
  return tag.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'lwc-references',
  description:
    'LWC imports and child components name existing fields, @AuraEnabled methods and bundles',
  check({ index }) {
    const { problems, report } = problemCollector('lwc-references');
    for (const bundle of index.lwc.values()) {
      for (const file of bundle.files) {
        if (file.name.endsWith('.html')) {
          for (const match of file.text.matchAll(CHILD_TAG)) {
            const child = bundleOfTag(match[1] ?? '');
            if (!index.lwc.has(child)) {
              report(
                file,
                `<c-${match[1]}>`,
                `Lightning web component ${child} does not exist in lwc/`,
                lineAt(file.text, match.index ?? 0),
              );
            }
          }
          continue;
        }
        if (!file.name.endsWith('.js') && !file.name.endsWith('.ts')) continue;
        for (const match of file.text.matchAll(MODULE_IMPORT)) {
          if (!index.lwc.has(match[1] ?? '')) {
            report(
              file,
              `c/${match[1]}`,
              `Lightning web component ${match[1]} does not exist in lwc/`,
              lineAt(file.text, match.index ?? 0),
            );
          }
        }
        for (const match of file.text.matchAll(IMPORT)) {
          const [, kind, reference = ''] = match;
          const line = lineAt(file.text, match.index ?? 0);
          const element = `@salesforce/${kind}/${reference}`;
          const parts = reference.split('.');
          if (kind === 'schema') {
            const [objectName = '', ...path] = parts;
            if (path.length === 0) {
              if (!knownObject(index, objectName))
                report(file, element, unknownObjectMessage(index, objectName), line);
              continue;
            }
            const resolved = resolveFieldPath(index, objectName, path);
            if (!resolved.ok) report(file, element, resolved.message, line);
            continue;
          }
          if (parts.length !== 2) {
            report(file, element, 'an Apex import must be Class.method', line);
            continue;
          }
          const [className = '', method = ''] = parts;
          const classFile = index.classes.get(className.toLowerCase());
          if (!classFile) {
            report(file, element, `Apex class ${className} does not exist in classes/`, line);
            continue;
          }
          const declaration = analyseApex(classFile).declaration;
          if (declaration && !declaration.auraEnabledMethods.has(method.toLowerCase())) {
            report(file, element, `${className} has no static @AuraEnabled method ${method}`, line);
          }
        }
      }
    }
    return problems;
  },
};
