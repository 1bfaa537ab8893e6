import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { validateProject } from './validate-project.mjs';
import { problemsOf } from './fixture-project.mjs';
import { RULES } from './rules/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (/** @type {string} */ name) =>
  path.join(here, 'fixtures', name, 'sfdx-project.json');
const standardSchema = path.join(here, 'fixtures', 'standard-objects.json');
const cli = path.join(here, '..', 'validate-metadata.mjs');

/** @param {string[]} args */
function runCli(args) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

describe('validateProject', () => {
  it('finds nothing wrong in the good project with every rule', () => {
    const result = validateProject({
      projectFile: fixture('good'),
      standardSchemaFile: standardSchema,
    });
    assert.deepEqual(result.problems, []);
    assert.equal(result.rulesRun, RULES.length);
    assert.equal(result.filesChecked, 35);
  });

  it('gives every rule a distinct id', () => {
    assert.equal(new Set(RULES.map((r) => r.id)).size, RULES.length);
  });

  it('says once that standard objects cannot be checked when the schema file is missing', () => {
    const problems = problemsOf('good', undefined, {
      standardSchemaFile: path.join(here, 'fixtures', 'absent.json'),
    });
    assert.deepEqual(problems[0], {
      file: path.relative(
        path.join(here, 'fixtures', 'good'),
        path.join(here, 'fixtures', 'absent.json'),
      ),
      element: 'standard schema',
      message: 'file not found: references to standard objects cannot be checked',
    });
    assert.ok(
      problems.some((p) =>
        String(p.message).includes('object Contact is not defined in the project'),
      ),
    );
  });

  it('rejects an unknown rule id', () => {
    assert.throws(
      () => validateProject({ projectFile: fixture('good'), rules: ['no-such-rule'] }),
      /unknown rule id/,
    );
  });

  it('reports what sf project convert source rejects', () => {
    const { problems } = validateProject({
      projectFile: fixture('broken-convert'),
      standardSchemaFile: standardSchema,
      rules: [],
      convert: true,
    });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.rule, 'source-convert');
    assert.match(
      problems[0]?.message ?? '',
      /force-app\/main\/default\/widgets\/Thing\.widget-meta\.xml: Could not infer a metadata type/,
    );
  });
});

describe('validate-metadata CLI', () => {
  it('prints a one-line summary and exits 0 on a good project, sf conversion included', () => {
    const result = runCli(['--project', fixture('good'), '--standard-schema', standardSchema]);
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, 'metadata OK: 35 files, 17 rules + sf project convert source\n');
    assert.equal(result.status, 0);
  });

  it('prints each problem as path:line element: message and exits 1', () => {
    const result = runCli([
      '--project',
      fixture('broken-api-version'),
      '--standard-schema',
      standardSchema,
      '--no-convert',
    ]);
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    assert.ok(
      lines.includes(
        'force-app/main/default/classes/Old.cls-meta.xml:3 apiVersion: 61.0 differs from sourceApiVersion 62.0 [api-version]',
      ),
      result.stderr,
    );
    assert.equal(lines.at(-1), `metadata: ${lines.length - 1} problems in 2 files`);
  });

  it('checks against the admin permission sets it is given', () => {
    const result = runCli([
      '--project',
      fixture('good'),
      '--standard-schema',
      standardSchema,
      '--no-convert',
      '--admin-permission-set',
      'Okta_Sync_Agent',
    ]);
    assert.equal(result.status, 1);
    assert.match(
      result.stderr,
      /Okta_Sync_Agent: admin permission set Okta_Sync_Agent\.permissionset-meta\.xml is missing \[field-level-security\]/,
    );
  });
});
