#!/usr/bin/env node
// Deploys force-app to a Salesforce org with the Salesforce CLI installed by npm.
// Usage: npm run deploy -- --target-org <alias> [--dry-run] [any other sf flag]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sf = join(root, 'node_modules', '.bin', 'sf');
if (!existsSync(sf)) {
  console.error('The Salesforce CLI is not installed: run `npm ci` first.');
  process.exit(1);
}

const args = ['project', 'deploy', 'start', '--source-dir', 'force-app', ...process.argv.slice(2)];
if (!args.includes('--target-org') && !args.includes('-o')) {
  console.error(
    'Name the org to deploy to: npm run deploy -- --target-org <alias>\n' +
      '(authorise one first with: npx sf org login web --alias <alias>)',
  );
  process.exit(2);
}
const result = spawnSync(sf, args, {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', SF_AUTOUPDATE_DISABLE: 'true' },
});
process.exit(result.status ?? 1);
