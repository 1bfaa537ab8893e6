import { startCompanion } from '../src/companion.js';
import { EXIT_CONFIG, parseEnvironmentOrExit, runCompanion, stopOnSignals } from '../src/index.js';
import { createLogger } from '../src/logger.js';
import { describeStartupFailure } from '../src/startup-failure.js';
import { registerEventHook } from '../src/intake/event-hook-registration.js';
import { deployDemoAccessRule } from '../sandbox/demo-access-rule.js';
import { deployDemoLeads } from '../sandbox/demo-leads.js';
import { startSandbox } from '../sandbox/index.js';
import { profileFromEnv } from '../sandbox/profile.js';
import { registerCompanionScimApp } from '../sandbox/scim-app.js';
import { assertSandboxFitsHeap, processHeapLimitMb } from './sandbox-heap.js';
import { sandboxBanner, sandboxCompanionConfig } from './sandbox-mode.js';

/**
 * `npm start`: with Okta and Salesforce credentials, the companion against the real orgs;
 * without any, the companion against the bundled sandbox, saying so.
 */
async function main(): Promise<void> {
  const parsed = parseEnvironmentOrExit(process.env, process.argv.slice(2));

  if (parsed.mode === 'live') {
    await runCompanion(parsed.config, createLogger({ level: parsed.config.logLevel }));
    return;
  }

  if (parsed.common.role !== 'all') {
    process.stderr.write(
      `COMPANION_ROLE=${parsed.common.role} splits the companion over processes that share a store ` +
        'and reach real orgs; without Okta and Salesforce credentials `npm start` runs the sandbox ' +
        'in one process. Unset COMPANION_ROLE (or --role), or see README.md › Fast intake.\n',
    );
    process.exit(EXIT_CONFIG);
  }
  assertSandboxFitsHeap(parsed.sandbox.users, processHeapLimitMb());
  const logger = createLogger({ level: parsed.common.logLevel, name: 'okta-sync-sandbox' });
  const sandbox = await startSandbox({
    oktaPort: parsed.sandbox.oktaPort,
    salesforcePort: parsed.sandbox.salesforcePort,
    users: parsed.sandbox.users,
    profile: profileFromEnv(process.env),
  });
  // The same demo access rule as `npm run preview -- --sandbox`, there before the companion loads.
  deployDemoAccessRule(sandbox);
  // Okta users of userType "prospect" become Leads (see README › Okta users as Leads).
  deployDemoLeads(sandbox);
  const config = sandboxCompanionConfig(parsed.common, parsed.salesforce, sandbox, {
    ...(process.env['HOST'] ? { host: process.env['HOST'] } : {}),
  });
  const companion = await startCompanion(config, { logger });
  const hook = await registerEventHook(companion.okta, {
    uri: `${companion.url}/hooks/okta`,
    secret: config.okta.hookSecret,
  });
  logger.info(
    { eventHookId: hook.id, verified: hook.verified },
    'Okta event hook registered in the sandbox',
  );
  // The companion as a SCIM app in the sandbox org: assigning people to it provisions them.
  const scimApp = registerCompanionScimApp(sandbox, companion.url);
  logger.info({ appId: scimApp.id }, 'companion registered as a SCIM app in the sandbox');
  process.stdout.write(
    `${sandboxBanner({ companionUrl: companion.url, sandbox, scimAppId: scimApp.id })}\n`,
  );

  stopOnSignals(
    {
      stop: async () => {
        await companion.stop();
        await sandbox.close();
      },
    },
    logger,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`Could not start: ${describeStartupFailure(error)}\n`);
  process.exit(1);
});
