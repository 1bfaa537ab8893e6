#!/usr/bin/env node
// Type-checks every Apex class of the project offline with apex-ls: fails on any error or warning.
// Usage: node scripts/check-apex-types.mjs [--project <dir with sfdx-project.json>]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkApexTypes } from './apex/apex-ls.mjs';

const { values } = parseArgs({ options: { project: { type: 'string', default: '.' } } });
const projectDir = path.resolve(values.project ?? '.');

try {
  const { status, issues, output } = checkApexTypes({ projectDir });
  const errors = issues.filter((i) => i.severity === 'error').length;
  const warnings = issues.length - errors;
  for (const issue of issues) {
    const where = path.relative(process.cwd(), issue.file);
    console.error(`${where}:${issue.line ?? '?'} ${issue.severity}: ${issue.message}`);
  }
  if (status !== 0 && issues.length === 0) console.error(output);
  if (status !== 0 || issues.length > 0) {
    console.error(`apex-ls: ${errors} errors, ${warnings} warnings (exit ${status})`);
    process.exit(1);
  }
  console.log('apex-ls OK: 0 errors, 0 warnings');
} catch (error) {
  console.error(`apex-ls could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
