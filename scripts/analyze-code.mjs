#!/usr/bin/env node
// Salesforce Code Analyzer over force-app (Recommended, Security and AppExchange rules of the PMD,
// ESLint, regex and RetireJS engines). Fails on any severity 1–2 finding and any Security or
// AppExchange finding that scripts/code-analyzer/suppressions.json does not suppress with a reason,
// and on a suppression that no longer matches anything.
// Usage: node scripts/analyze-code.mjs [--target force-app/main] [--json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { analyze, SELECTORS } from './code-analyzer/run.mjs';
import { judge, suppressionFileProblems } from './code-analyzer/policy.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SUPPRESSIONS = path.join(ROOT, 'scripts', 'code-analyzer', 'suppressions.json');

const { values } = parseArgs({
  options: {
    // The deployable source; the LWC jest stubs under force-app/test are not part of it.
    target: { type: 'string', multiple: true, default: ['force-app/main'] },
    json: { type: 'boolean', default: false },
  },
});

const started = Date.now();
try {
  const suppressions = JSON.parse(readFileSync(SUPPRESSIONS, 'utf8'));
  const fileProblems = suppressionFileProblems(suppressions);
  if (fileProblems.length > 0) {
    for (const p of fileProblems) console.error(`${path.relative(ROOT, SUPPRESSIONS)}: ${p}`);
    process.exit(1);
  }
  const { findings, rulesByEngine } = await analyze({
    projectDir: ROOT,
    targets: values.target ?? ['force-app/main'],
  });
  const verdict = judge(findings, suppressions);
  const rules = Object.values(rulesByEngine).reduce((a, b) => a + b, 0);
  /** @type {Record<number, number>} */
  const bySeverity = {};
  for (const f of verdict.advisory) bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  const summary = {
    selectors: SELECTORS,
    rules,
    rulesByEngine,
    blocking: verdict.blocking.length,
    suppressed: verdict.suppressed.length,
    advisoryBySeverity: bySeverity,
    seconds: Math.round((Date.now() - started) / 1000),
  };
  if (values.json) console.log(JSON.stringify({ summary, ...verdict }, null, 2));
  for (const f of verdict.blocking) {
    console.error(
      `${f.file}:${f.line ?? '?'} ${f.engine}:${f.rule} (severity ${f.severity}; ${f.tags.join(', ')}): ${f.message}`,
    );
  }
  for (const s of verdict.unused) {
    console.error(`unused suppression of ${s.rule} in ${s.file}: remove it from suppressions.json`);
  }
  const advisory = Object.entries(bySeverity)
    .map(([severity, count]) => `${count} of severity ${severity}`)
    .join(', ');
  console.log(
    `code analyzer: ${rules} rules (${Object.entries(rulesByEngine)
      .map(([e, n]) => `${e} ${n}`)
      .join(', ')}) over ${(values.target ?? []).join(', ')}; ` +
      `${verdict.blocking.length} blocking, ${verdict.suppressed.length} suppressed with a reason` +
      `${advisory ? `; advisory: ${advisory}` : ''} (${summary.seconds} s)`,
  );
  if (!verdict.ok) process.exit(1);
} catch (error) {
  console.error(
    `code analyzer could not run: ${error instanceof Error ? error.stack : String(error)}`,
  );
  process.exit(1);
}
