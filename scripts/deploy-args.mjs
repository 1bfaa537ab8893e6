// The `sf project deploy start` arguments of `npm run deploy`: force-app, and the org's local
// tests run inside the deployment (RunLocalTests) unless another test level is named.

/**
 * @param {string[]} argv  what follows `npm run deploy --`
 * @returns {string[]}
 */
export function deployArgs(argv) {
  const args = ['project', 'deploy', 'start', '--source-dir', 'force-app', ...argv];
  if (!argv.some((a) => a === '--test-level' || a === '-l' || a.startsWith('--test-level=')))
    args.push('--test-level', 'RunLocalTests');
  return args;
}

/** @param {string[]} argv */
export function namesTargetOrg(argv) {
  return argv.some((a) => a === '--target-org' || a === '-o' || a.startsWith('--target-org='));
}
