import { readFileSync } from 'node:fs';

/**
 * The Node flags `npm start` gives the companion (the heap limit), read from the root
 * package.json's `start` script, so the measured companion process runs as the product does.
 */
export const START_ENTRY = 'companion/dist/bin/start.js';

export function nodeFlagsOfStartScript(script: string): string[] {
  for (const command of script.split('&&')) {
    const words = command.trim().split(/\s+/);
    if (words[0] !== 'node' || words.at(-1) !== START_ENTRY) continue;
    return words.slice(1, -1);
  }
  throw new Error(`the start script does not run "node … ${START_ENTRY}": ${script}`);
}

export function startNodeFlags(
  packageJson: URL = new URL('../../../package.json', import.meta.url),
): string[] {
  const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as { scripts?: { start?: string } };
  const script = pkg.scripts?.start;
  if (!script) throw new Error(`${packageJson.pathname} has no start script`);
  return nodeFlagsOfStartScript(script);
}
