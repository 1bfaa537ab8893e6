import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './server/repo-paths.mjs';

/**
 * `npm run preview:screenshots`: runs the browser journeys with their screenshots written to
 * docs/screenshots (setup.png, contact.png, case.png and the steps between).
 */
const result = spawnSync(
  process.execPath,
  ['--test', '--test-force-exit', join(REPO_ROOT, 'preview/test/journeys.test.mjs')],
  {
    stdio: 'inherit',
    env: { ...process.env, PREVIEW_SCREENSHOTS_DIR: 'docs/screenshots' },
    cwd: REPO_ROOT,
  },
);
process.exit(result.status ?? 1);
