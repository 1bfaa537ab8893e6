// The preview's stand-in for OktaConfigDeployService runs the shared validation cases, the
// static resource the Apex test runs too, against the describes of the emulated org: where the
// two disagree on a single message, this fails.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  normalizeSettings,
  validateAccessRules,
  validateMappings,
  validateNotificationRules,
  validateSettings,
} from '../server/config-deploy.mjs';
import { REPO_ROOT } from '../server/repo-paths.mjs';

const CASES = JSON.parse(
  readFileSync(
    join(REPO_ROOT, 'force-app/main/default/staticresources/OktaConfigValidationCases.json'),
    'utf8',
  ),
);

/** Describes as the emulated org answers them (compiled companion, as the preview loads it). */
async function emulatedDescriber() {
  const dist = resolve(REPO_ROOT, process.env['PREVIEW_COMPANION_DIST'] ?? 'companion/dist');
  const load = (/** @type {string} */ path) => import(pathToFileURL(join(dist, path)).href);
  const [{ loadSchema }, { describeSObject }] = await Promise.all([
    load('sandbox/salesforce/schema/registry.js'),
    load('sandbox/salesforce/schema/describe.js'),
  ]);
  const { registry } = loadSchema(join(REPO_ROOT, 'force-app/main/default'));
  return {
    async describe(/** @type {string} */ name) {
      const def = registry.get(name);
      if (!def) throw new Error(`The requested resource does not exist: ${name}`);
      return describeSObject(registry, def, '62.0');
    },
  };
}

/**
 * The cases whose messages differ from what `run` answers, with both lists.
 * @param {{ case: string, problems: string[] }[]} cases
 * @param {(testCase: any) => Promise<string[]>} run
 */
async function differences(cases, run) {
  const found = [];
  for (const testCase of cases) {
    const actual = await run(testCase);
    if (JSON.stringify(actual) !== JSON.stringify(testCase.problems)) {
      found.push({ case: testCase.case, expected: testCase.problems, actual });
    }
  }
  return found;
}

describe('shared validation cases (static resource OktaConfigValidationCases)', async () => {
  const describer = await emulatedDescriber();
  const settingType = await describer.describe('Okta_Sync_Setting__mdt');

  it('holds cases of mappings, access rules and settings', () => {
    assert.ok(CASES.mappings.length >= 20);
    assert.ok(CASES.accessRules.length >= 15);
    assert.ok(CASES.settings.length >= 10);
    assert.ok(CASES.notificationRules.length >= 15);
  });

  it('gives the messages of every mapping case', async () => {
    assert.deepEqual(
      await differences(CASES.mappings, (c) => validateMappings(c.rows, describer)),
      [],
    );
  });

  it('gives the messages of every access rule case', async () => {
    assert.deepEqual(
      await differences(CASES.accessRules, (c) => validateAccessRules(c.rows, describer)),
      [],
    );
  });

  it('gives the messages of every notification rule case', async () => {
    assert.deepEqual(
      await differences(CASES.notificationRules, (c) =>
        validateNotificationRules(c.rows, describer),
      ),
      [],
    );
  });

  it('gives the messages of every settings case', async () => {
    assert.deepEqual(
      await differences(CASES.settings, async (c) =>
        validateSettings(normalizeSettings(c.values, settingType), settingType),
      ),
      [],
    );
  });

  it('reports a stand-in that words a message otherwise', async () => {
    const drifted = (/** @type {any} */ c) =>
      validateMappings(c.rows, describer).then((problems) =>
        problems.map((p) =>
          p.replace('needs a source of truth: choose', 'needs a source of truth ('),
        ),
      );
    const found = await differences(CASES.mappings, drifted);
    assert.deepEqual(
      found.map((d) => d.case),
      [
        'a two-way mapping without a source of truth',
        'several problems on one row, in the order they are reported',
      ],
    );
  });
});
