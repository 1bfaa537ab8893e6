#!/usr/bin/env node
// Deploys force-app to a Salesforce org with the Salesforce CLI installed by npm.
// Usage: npm run deploy -- --target-org <alias> [--dry-run] [any other sf flag]
// --dry-run is a check-only deployment; the local Apex tests run in it (RunLocalTests) unless
// another --test-level is given.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deployArgs, namesTargetOrg } from './deploy-args.mjs';
import { sfEnvironment } from './sf-env.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sf = join(root, 'node_modules', '.bin', 'sf');
if (!existsSync(sf)) {
  console.error('The Salesforce CLI is not installed: run `npm ci` first.');
  process.exit(1);
}

const argv = process.argv.slice(2);
const args = deployArgs(argv);
if (!namesTargetOrg(argv)) {
  console.error(
    'Name the org to deploy to: npm run deploy -- --target-org <alias>\n' +
      '(authorise one first with: npx sf org login web --alias <alias>)',
  );
  process.exit(2);
}
const result = spawnSync(sf, args, {
  cwd: root,
  stdio: 'inherit',
  env: sfEnvironment(),
});
process.exit(result.status ?? 1);
