// Type-checks Apex offline with apex-ls (bundled by @salesforce/code-analyzer-pmd-engine): unknown
// types and methods, incompatible assignments, and the warnings apex-ls raises.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * @typedef {object} ApexLsIssue
 * @property {string} file      as apex-ls prints it (absolute)
 * @property {'error' | 'warning'} severity
 * @property {number | undefined} line
 * @property {string} message
 */

/**
 * The jar folder of apex-ls inside the installed PMD engine.
 * @param {string} fromDir  a directory inside the project (module resolution starts there)
 */
export function apexLsClassPath(fromDir) {
  const require = createRequire(path.join(fromDir, 'package.json'));
  const engineMain = require.resolve('@salesforce/code-analyzer-pmd-engine');
  let dir = path.dirname(engineMain);
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  const javaLib = path.join(dir, 'dist', 'java-lib');
  if (!existsSync(javaLib)) throw new Error(`apex-ls jars not found in ${javaLib}`);
  return `${javaLib}${path.sep}*`;
}

/**
 * Parses what CheckForIssues prints: a file path on its own line, then one line per issue
 * (`Error: line 3 at 8-12: …` or `Warning: line 6 at 39-41: …`).
 * @param {string} output
 * @returns {ApexLsIssue[]}
 */
export function parseApexLsReport(output) {
  /** @type {ApexLsIssue[]} */
  const issues = [];
  let file = '';
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (!line) continue;
    const issue = /^(Error|Warning|Missing|Syntax)[^:]*:\s*(?:line (\d+)(?:[^:]*)?:\s*)?(.*)$/.exec(
      line.trimStart(),
    );
    if (issue && file) {
      issues.push({
        file,
        severity: issue[1] === 'Warning' ? 'warning' : 'error',
        line: issue[2] === undefined ? undefined : Number(issue[2]),
        message: issue[3] ?? '',
      });
    } else if (!/^\s/.test(raw)) {
      file = line;
    }
  }
  return issues;
}

/**
 * Runs apex-ls over the workspace of an sfdx-project.json.
 * @param {{ projectDir: string, java?: string }} options
 * @returns {{ status: number, issues: ApexLsIssue[], output: string }}
 */
export function checkApexTypes({ projectDir, java = 'java' }) {
  const result = spawnSync(
    java,
    [
      '-cp',
      apexLsClassPath(process.cwd()),
      'io.github.apexdevtools.apexls.CheckForIssues',
      '-n',
      '-d',
      'warnings',
      '-w',
      projectDir,
    ],
    { encoding: 'utf8', timeout: 300_000, maxBuffer: 32 * 1024 * 1024 },
  );
  if (result.error) {
    throw new Error(
      `could not run ${java} (${result.error.message}): install a Java 17 runtime (Debian: openjdk-17-jre-headless)`,
    );
  }
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  return { status: result.status ?? 1, issues: parseApexLsReport(output), output };
}
