import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sfEnvironment } from './sf-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sf = join(root, 'node_modules', '.bin', 'sf');

/**
 * The update plugin's own log of one `sf --version`, with an empty cache (nothing ran before)
 * and a PATH holding only node: an update it starts fails to find `sf` instead of running on.
 */
function updaterLog(env) {
  const dir = mkdtempSync(join(tmpdir(), 'sf-cache-'));
  try {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = spawnSync(sf, ['--version'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...env, PATH: bin, DEBUG: 'cli:updater', XDG_CACHE_HOME: dir, XDG_DATA_HOME: dir },
    });
    assert.equal(result.status, 0, result.stderr);
    return result.stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const without = (env, names) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => !names.includes(name)));

test('the Salesforce CLI run with the project environment never starts a self-update', () => {
  const clean = without(process.env, [
    'SF_AUTOUPDATE_DISABLE',
    'SF_DISABLE_AUTOUPDATE',
    'SFDX_AUTOUPDATE_DISABLE',
    'SFDX_DISABLE_AUTOUPDATE',
  ]);
  assert.doesNotMatch(updaterLog(sfEnvironment(clean)), /spawning autoupdate/);
  // What the setting guards against: the CLI's variable alone lets the plugin update.
  assert.match(updaterLog({ ...clean, SF_AUTOUPDATE_DISABLE: 'true' }), /spawning autoupdate/);
});
