// Runs Salesforce Code Analyzer (its core library with the PMD, ESLint, regex and RetireJS engines)
// over a project and returns its findings as plain values.
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import * as eslintEngine from '@salesforce/code-analyzer-eslint-engine';
import * as regexEngine from '@salesforce/code-analyzer-regex-engine';
import * as retireJsEngine from '@salesforce/code-analyzer-retirejs-engine';

export const SELECTORS = ['Recommended', 'Security', 'AppExchange'];
const ENGINES = {
  pmd: pmdEngine,
  eslint: eslintEngine,
  regex: regexEngine,
  retireJs: retireJsEngine,
};

/**
 * @param {{ projectDir: string, targets: string[], selectors?: string[],
 *   engines?: (keyof typeof ENGINES)[] }} options
 * @returns {Promise<{ findings: import('./policy.mjs').Finding[],
 *   rulesByEngine: Record<string, number>, engineVersions: Record<string, string> }>}
 */
export async function analyze({
  projectDir,
  targets,
  selectors = SELECTORS,
  engines = ['pmd', 'eslint', 'regex', 'retireJs'],
}) {
  const root = path.resolve(projectDir);
  const analyzer = new CodeAnalyzer(CodeAnalyzerConfig.fromObject({ config_root: root }));
  for (const name of engines) await analyzer.addEnginePlugin(ENGINES[name].createEnginePlugin());
  const workspace = await analyzer.createWorkspace(
    [root],
    targets.map((t) => path.resolve(root, t)),
  );
  const selection = await analyzer.selectRules(selectors, { workspace });
  /** @type {Record<string, number>} */
  const rulesByEngine = {};
  for (const engine of selection.getEngineNames())
    rulesByEngine[engine] = selection.getRulesFor(engine).length;
  const results = await analyzer.run(selection, { workspace });
  /** @type {Record<string, string>} */
  const engineVersions = {};
  for (const engine of results.getEngineNames())
    engineVersions[engine] = results.getEngineRunResults(engine).getEngineVersion();
  const findings = results.getViolations().map((violation) => {
    const rule = violation.getRule();
    const location = violation.getPrimaryLocation();
    const file = location.getFile();
    return {
      engine: rule.getEngineName(),
      rule: rule.getName(),
      severity: Number(rule.getSeverityLevel()),
      tags: rule.getTags(),
      file: file ? path.relative(root, file).split(path.sep).join('/') : '',
      line: location.getStartLine(),
      message: violation.getMessage(),
    };
  });
  return { findings, rulesByEngine, engineVersions };
}
