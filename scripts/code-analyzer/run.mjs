// Runs Salesforce Code Analyzer (its core library with the PMD, ESLint, regex and RetireJS engines)
// over a project and returns its findings as plain values.
import path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import * as eslintEngine from '@salesforce/code-analyzer-eslint-engine';
import * as regexEngine from '@salesforce/code-analyzer-regex-engine';
import * as retireJsEngine from '@salesforce/code-analyzer-retirejs-engine';
import { JavaVersionIdentifier } from './java-version.mjs';

export const SELECTORS = ['Recommended', 'Security', 'AppExchange'];
const ENGINES = {
  pmd: { createEnginePlugin: () => new pmdEngine.PmdCpdEnginesPlugin(new JavaVersionIdentifier()) },
  eslint: eslintEngine,
  regex: regexEngine,
  retireJs: retireJsEngine,
};
// The analyzer reports an engine that could not start or crashed as a finding of these rules.
const ENGINE_FAILURES = new Set(['UninstantiableEngineError', 'UnexpectedEngineError']);

/**
 * @param {{ projectDir: string, targets: string[], selectors?: string[],
 *   engines?: (keyof typeof ENGINES)[], javaCommand?: string }} options
 * `javaCommand` defaults to the engines' own search (JAVA_HOME, JRE_HOME, JDK_HOME, then PATH).
 * Throws when an engine could not start or failed while running, with the engine's own message.
 * @returns {Promise<{ findings: import('./policy.mjs').Finding[],
 *   rulesByEngine: Record<string, number>, engineVersions: Record<string, string> }>}
 */
export async function analyze({
  projectDir,
  targets,
  selectors = SELECTORS,
  engines = ['pmd', 'eslint', 'regex', 'retireJs'],
  javaCommand,
}) {
  const root = path.resolve(projectDir);
  const java = javaCommand ? { java_command: javaCommand } : {};
  const analyzer = new CodeAnalyzer(
    CodeAnalyzerConfig.fromObject({ config_root: root, engines: { pmd: java, cpd: java } }),
  );
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
  const failures = findings.filter((f) => ENGINE_FAILURES.has(f.rule));
  if (failures.length > 0) {
    throw new Error(
      failures.map((f) => `engine ${f.engine} could not run (${f.rule}): ${f.message}`).join('\n'),
    );
  }
  return { findings, rulesByEngine, engineVersions };
}
