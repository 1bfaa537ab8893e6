// Runs `sf project convert source` on a package directory: the one check the Salesforce CLI
// itself can make offline (unknown folders and suffixes).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sfEnvironment } from '../sf-env.mjs';

/**
 * @param {import('./source-files.mjs').Project} project
 * @param {string} packageDirectory  relative to project.dir
 * @param {{ sfBinary?: string }} [options]
 * @returns {import('./rule.mjs').Problem[]}
 */
export function convertSource(project, packageDirectory, options = {}) {
  const sf = options.sfBinary ?? findSfBinary(project.dir);
  if (!sf) {
    return [
      {
        file: packageDirectory,
        element: 'sf project convert source',
        message: 'the sf binary was not found in node_modules/.bin',
        rule: 'source-convert',
      },
    ];
  }
  const outputDir = mkdtempSync(path.join(tmpdir(), 'metadata-convert-'));
  try {
    const result = spawnSync(
      sf,
      [
        'project',
        'convert',
        'source',
        '--root-dir',
        packageDirectory,
        '--output-dir',
        path.join(outputDir, 'out'),
        '--json',
      ],
      {
        cwd: project.dir,
        encoding: 'utf8',
        timeout: 180_000,
        env: sfEnvironment(),
      },
    );
    if (result.status === 0) return [];
    let message = (result.stderr || result.stdout || String(result.error ?? 'failed')).trim();
    try {
      const json = JSON.parse(result.stdout);
      message = json.message ?? message;
    } catch {
      // not JSON: keep the raw output
    }
    message = message.split(`${project.dir}/`).join('').split('\n').slice(0, 10).join(' ');
    return [
      {
        file: packageDirectory,
        element: 'sf project convert source',
        message,
        rule: 'source-convert',
      },
    ];
  } finally {
    rmSync(outputDir, { recursive: true, force: true });
  }
}

/** @param {string} projectDir */
function findSfBinary(projectDir) {
  for (let dir = projectDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', 'sf');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}
