// Runs every rule over a Salesforce DX project and returns the problems found.
import path from 'node:path';
import { readProject, readSourceFiles } from './source-files.mjs';
import { loadStandardSchema } from './standard-schema.mjs';
import { buildIndex } from './metadata-index.mjs';
import { RULES } from './rules/index.mjs';
import { convertSource } from './source-convert.mjs';

export const DEFAULT_ADMIN_PERMISSION_SETS = ['Okta_Sync_Admin'];
export const DEFAULT_STANDARD_SCHEMA = 'companion/sandbox/salesforce/schema/standard-objects.json';

/**
 * @typedef {object} ValidateOptions
 * @property {string} [projectFile]   path of sfdx-project.json (default ./sfdx-project.json)
 * @property {string} [root]          one directory to check (default: every package directory)
 * @property {boolean} [convert]      also run `sf project convert source` (default false)
 * @property {string} [standardSchemaFile]  relative to the working directory; default
 *   <project dir>/companion/sandbox/salesforce/schema/standard-objects.json
 * @property {string[]} [adminPermissionSets]  default ['Okta_Sync_Admin']
 * @property {string[]} [rules]       ids of the rules to run (default: all)
 */

/**
 * @param {ValidateOptions} [options]
 * @returns {{ problems: import('./rule.mjs').Problem[], filesChecked: number, rulesRun: number }}
 */
export function validateProject(options = {}) {
  const project = readProject(options.projectFile ?? 'sfdx-project.json');
  const roots = options.root
    ? [path.relative(project.dir, path.resolve(options.root)) || '.']
    : project.packageDirectories;
  const files = readSourceFiles(project, roots);
  const standardSchema = loadStandardSchema(
    options.standardSchemaFile
      ? path.resolve(options.standardSchemaFile)
      : path.resolve(project.dir, DEFAULT_STANDARD_SCHEMA),
  );
  const index = buildIndex(files, standardSchema);
  const context = {
    project,
    files,
    index,
    options: { adminPermissionSets: options.adminPermissionSets ?? DEFAULT_ADMIN_PERMISSION_SETS },
  };
  const rules = options.rules ? RULES.filter((r) => options.rules?.includes(r.id)) : RULES;
  if (options.rules && rules.length !== options.rules.length) {
    throw new Error(`unknown rule id in ${options.rules.join(', ')}`);
  }
  /** @type {import('./rule.mjs').Problem[]} */
  const problems = [];
  if (!standardSchema.found && !options.rules) {
    problems.push({
      file: path.relative(project.dir, standardSchema.file),
      element: 'standard schema',
      message: 'file not found: references to standard objects cannot be checked',
      rule: 'standard-schema',
    });
  }
  for (const rule of rules) problems.push(...rule.check(context));
  if (options.convert) {
    for (const root of roots) problems.push(...convertSource(project, root));
  }
  return { problems, filesChecked: files.length, rulesRun: rules.length };
}
