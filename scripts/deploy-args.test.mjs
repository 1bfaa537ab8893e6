import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deployArgs, namesTargetOrg } from './deploy-args.mjs';

describe('npm run deploy arguments', () => {
  it('validates with the local tests when asked for a dry run (check-only deployment)', () => {
    assert.deepEqual(deployArgs(['--target-org', 'prod', '--dry-run']), [
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      'prod',
      '--dry-run',
      '--test-level',
      'RunLocalTests',
    ]);
  });

  it('keeps a test level that is named', () => {
    const args = deployArgs(['-o', 'scratch', '--test-level', 'NoTestRun']);
    assert.equal(args.filter((a) => a === '--test-level').length, 1);
    assert.equal(args.at(-1), 'NoTestRun');
  });

  it('knows whether an org is named', () => {
    assert.equal(namesTargetOrg(['--dry-run']), false);
    assert.equal(namesTargetOrg(['--target-org=prod']), true);
  });
});
