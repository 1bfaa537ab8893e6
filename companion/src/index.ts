import { pathToFileURL } from 'node:url';
import { startCompanion } from './companion.js';
import {
  ConfigError,
  parseEnvironment,
  type CompanionConfig,
  type ParsedEnvironment,
} from './config.js';
import { createLogger, type Logger } from './logger.js';
import { startIntake } from './intake-service.js';
import { environmentWithArguments } from './role-argument.js';
import { applyRolePriority } from './role-priority.js';
import { describeStartupFailure } from './startup-failure.js';

/** Exit code for a configuration error (EX_CONFIG). */
export const EXIT_CONFIG = 78;

/** Stops the companion on SIGTERM/SIGINT, draining in-flight work; a second signal exits at once. */
export function stopOnSignals(companion: { stop(): Promise<void> }, logger: Logger): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping: draining in-flight work');
    companion.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** Starts the process's role (COMPANION_ROLE or --role) and stops it on SIGTERM/SIGINT. */
export async function runCompanion(
  config: CompanionConfig,
  logger: Logger,
): Promise<{ url: string; stop(): Promise<void> }> {
  applyRolePriority(config, logger);
  const running =
    config.role === 'intake'
      ? await startIntake(config, { logger })
      : await startCompanion(config, { logger });
  stopOnSignals(running, logger);
  return running;
}

/**
 * Parses the environment and the command line (`--role`); on a configuration error prints
 * every bad variable and exits 78.
 */
export function parseEnvironmentOrExit(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[] = [],
): ParsedEnvironment {
  try {
    return parseEnvironment(environmentWithArguments(env, argv));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw error;
  }
}

/** Production entry point: real Okta and Salesforce, configured from the environment. */
async function main(): Promise<void> {
  const parsed = parseEnvironmentOrExit(process.env, process.argv.slice(2));
  if (parsed.mode === 'sandbox') {
    process.stderr.write(
      'No Okta or Salesforce credentials are configured (OKTA_ORG_URL, SF_LOGIN_URL, …).\n' +
        'Run `npm start` to try the product against the bundled sandbox, or see README.md › Configuration.\n',
    );
    process.exit(EXIT_CONFIG);
  }
  const logger = createLogger({ level: parsed.config.logLevel });
  await runCompanion(parsed.config, logger);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`The companion could not start: ${describeStartupFailure(error)}\n`);
    process.exit(1);
  });
}
