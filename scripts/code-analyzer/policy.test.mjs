import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isBlocking, judge, suppressionFileProblems } from './policy.mjs';
import { analyze } from './run.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** @param {Partial<import('./policy.mjs').Finding>} over */
const finding = (over) => ({
  engine: 'pmd',
  rule: 'SomeRule',
  severity: 3,
  tags: ['Recommended'],
  file: 'force-app/main/default/classes/A.cls',
  line: 1,
  message: 'm',
  ...over,
});

describe('code analyzer policy', () => {
  it('blocks severities 1 and 2 and every Security or AppExchange finding', () => {
    assert.equal(isBlocking(finding({ severity: 1 })), true);
    assert.equal(isBlocking(finding({ severity: 2 })), true);
    assert.equal(isBlocking(finding({ severity: 3 })), false);
    assert.equal(isBlocking(finding({ severity: 5, tags: ['Security'] })), true);
    assert.equal(isBlocking(finding({ severity: 4, tags: ['AppExchange', 'XML'] })), true);
  });

  it('lets a suppressed finding through and reports unused suppressions', () => {
    const sharing = finding({ rule: 'ApexSharingViolations', tags: ['Security'] });
    const verdict = judge(
      [sharing, finding({ severity: 4 })],
      [
        { rule: 'pmd:ApexSharingViolations', file: sharing.file, reason: 'a sentence of reason' },
        { rule: 'pmd:Gone', file: sharing.file, reason: 'a sentence of reason' },
      ],
    );
    assert.equal(verdict.blocking.length, 0);
    assert.equal(verdict.suppressed.length, 1);
    assert.equal(verdict.advisory.length, 1);
    assert.deepEqual(
      verdict.unused.map((s) => s.rule),
      ['pmd:Gone'],
    );
    assert.equal(verdict.ok, false);
  });

  it('fails a blocking finding that no suppression names', () => {
    const verdict = judge([finding({ severity: 2 })], []);
    assert.equal(verdict.blocking.length, 1);
    assert.equal(verdict.ok, false);
  });

  it('requires a rule, a file and a reason for every suppression', () => {
    assert.deepEqual(
      suppressionFileProblems([
        { rule: 'ProtectSensitiveData', file: 'a', reason: 'because it is not a secret at all' },
        { rule: 'pmd:X', file: 'a', reason: '' },
      ]),
      [
        'suppression 1: rule must be engine:rule (for example pmd:ProtectSensitiveData)',
        'suppression 2: a reason of at least a sentence is required',
      ],
    );
  });

  it('keeps the checked-in suppression file valid', () => {
    const entries = JSON.parse(readFileSync(path.join(HERE, 'suppressions.json'), 'utf8'));
    assert.deepEqual(suppressionFileProblems(entries), []);
  });
});

describe('code analyzer over a project', () => {
  it('blocks an eagerly loaded describe and an inner class without sharing', async () => {
    const { findings } = await analyze({
      projectDir: path.join(HERE, 'fixtures', 'flagged'),
      targets: ['force-app/main'],
      engines: ['pmd'],
    });
    const verdict = judge(findings, []);
    assert.deepEqual(verdict.blocking.map((f) => [f.rule, f.line]).sort(), [
      ['ApexSharingViolations', 6],
      ['EagerlyLoadedDescribeSObjectResult', 3],
    ]);
  });
});
