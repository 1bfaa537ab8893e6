#!/usr/bin/env node
// Offline checks of the Salesforce metadata: what a deploy would reject, found without an org.
// Usage: node scripts/validate-metadata.mjs [--root force-app] [--project sfdx-project.json]
//        [--standard-schema <file>] [--admin-permission-set Name]... [--no-convert]
import { parseArgs } from 'node:util';
import { validateProject } from './metadata/validate-project.mjs';
import { formatProblem } from './metadata/rule.mjs';

const { values } = parseArgs({
  options: {
    root: { type: 'string' },
    project: { type: 'string', default: 'sfdx-project.json' },
    'standard-schema': { type: 'string' },
    'admin-permission-set': { type: 'string', multiple: true },
    'no-convert': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'node scripts/validate-metadata.mjs [--root force-app] [--project sfdx-project.json] [--standard-schema file] [--admin-permission-set Name]... [--no-convert]',
  );
  process.exit(0);
}

try {
  const { problems, filesChecked, rulesRun } = validateProject({
    projectFile: values.project,
    ...(values.root ? { root: values.root } : {}),
    ...(values['standard-schema'] ? { standardSchemaFile: values['standard-schema'] } : {}),
    ...(values['admin-permission-set']
      ? { adminPermissionSets: values['admin-permission-set'] }
      : {}),
    convert: !values['no-convert'],
  });
  for (const problem of problems) console.error(formatProblem(problem));
  if (problems.length > 0) {
    console.error(
      `metadata: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${filesChecked} files`,
    );
    process.exit(1);
  }
  console.log(
    `metadata OK: ${filesChecked} files, ${rulesRun} rules${values['no-convert'] ? '' : ' + sf project convert source'}`,
  );
} catch (error) {
  console.error(
    `metadata validation could not run: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}
