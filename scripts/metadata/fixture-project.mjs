// Runs the validator over one of the fixture trees under fixtures/ (used by the tests).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { validateProject } from './validate-project.mjs';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * Problems (without the rule id) that the given rules report on a fixture.
 * @param {string} fixture  folder name under fixtures/
 * @param {string[] | undefined} rules  rule ids, or undefined for all
 * @param {Partial<import('./validate-project.mjs').ValidateOptions>} [options]
 */
export function problemsOf(fixture, rules, options = {}) {
  const { problems } = validateProject({
    projectFile: path.join(FIXTURES, fixture, 'sfdx-project.json'),
    standardSchemaFile: path.join(FIXTURES, 'standard-objects.json'),
    ...(rules ? { rules } : {}),
    ...options,
  });
  return problems.map((problem) =>
    Object.fromEntries(Object.entries(problem).filter(([key]) => key !== 'rule')),
  );
}
