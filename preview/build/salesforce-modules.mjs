import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PLATFORM_DIR = fileURLToPath(new URL('../client/platform/', import.meta.url));
const VIRTUAL = '\0preview-salesforce:';

/** Platform modules the preview provides in place of the Lightning runtime's. */
export const PLATFORM_MODULES = {
  'lightning/uiRecordApi': join(PLATFORM_DIR, 'ui-record-api.js'),
  'lightning/uiObjectInfoApi': join(PLATFORM_DIR, 'ui-object-info-api.js'),
  'lightning/platformShowToastEvent': join(PLATFORM_DIR, 'show-toast-event.js'),
  'lightning/confirm': join(PLATFORM_DIR, 'confirm.js'),
  'lightning/navigation': join(PLATFORM_DIR, 'navigation.js'),
  '@salesforce/apex': join(PLATFORM_DIR, 'apex.js'),
  '@salesforce/user/Id': join(PLATFORM_DIR, 'user-id.js'),
  // Needs ElementInternals, which synthetic shadow (Lightning Experience's) does not offer.
  '@salesforce/gate/bc.260.enableComboboxElementInternals': join(PLATFORM_DIR, 'closed-gate.js'),
};

const APEX_METHOD = /^@salesforce\/apex\/([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;
const SCHEMA = /^@salesforce\/schema\/([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_.]*))?$/;

/**
 * The source of a generated module, or undefined for a specifier this plugin does not own.
 * `@salesforce/apex/<Class>.<method>` becomes a callable wire adapter bound to the preview
 * server; `@salesforce/schema/<Object>[.<field path>]` the `{objectApiName, fieldApiName}`
 * reference the platform compiles it to.
 * @param {string} specifier
 * @returns {string | undefined}
 */
export function generatedModule(specifier) {
  const apex = APEX_METHOD.exec(specifier);
  if (apex) {
    return [
      `import { apexMethod } from ${JSON.stringify(PLATFORM_MODULES['@salesforce/apex'])};`,
      `export default apexMethod(${JSON.stringify(apex[1])}, ${JSON.stringify(apex[2])});`,
    ].join('\n');
  }
  const schema = SCHEMA.exec(specifier);
  if (schema) {
    const reference = schema[2]
      ? { objectApiName: schema[1], fieldApiName: schema[2] }
      : { objectApiName: schema[1] };
    return `export default Object.freeze(${JSON.stringify(reference)});`;
  }
  return undefined;
}

/**
 * Rollup plugin resolving the Salesforce platform modules; it must come before the LWC plugin
 * so the preview's adapters win over modules of the same name.
 * @returns {import('rollup').Plugin}
 */
export function salesforceModules() {
  return {
    name: 'preview-salesforce-modules',
    resolveId(source) {
      if (Object.hasOwn(PLATFORM_MODULES, source)) {
        return PLATFORM_MODULES[/** @type {keyof typeof PLATFORM_MODULES} */ (source)];
      }
      if (generatedModule(source) !== undefined) return VIRTUAL + source;
      if (source.startsWith(PLATFORM_DIR)) return source;
      return null;
    },
    load(id) {
      return id.startsWith(VIRTUAL) ? generatedModule(id.slice(VIRTUAL.length)) : null;
    },
  };
}
