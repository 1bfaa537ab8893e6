import { parseEnvironmentOrExit } from '../src/index.js';
import { startSandbox } from '../sandbox/index.js';
import { profileFromEnv } from '../sandbox/profile.js';
import { sandboxBanner } from './sandbox-mode.js';

/** `npm run sandbox`: the emulated Okta and Salesforce orgs alone, for scripts and people. */
async function main(): Promise<void> {
  const parsed = parseEnvironmentOrExit({
    ...process.env,
    OKTA_ORG_URL: undefined,
    SF_LOGIN_URL: undefined,
  });
  if (parsed.mode !== 'sandbox') return;
  const sandbox = await startSandbox({
    oktaPort: parsed.sandbox.oktaPort,
    salesforcePort: parsed.sandbox.salesforcePort,
    users: parsed.sandbox.users,
    profile: profileFromEnv(process.env),
  });
  process.stdout.write(
    `${sandboxBanner({ sandbox })}\n  Fault injection: see README.md › The sandbox.\n\n`,
  );
  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Could not start the sandbox: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
