/**
 * `npm run reconcile -- [--dry-run | --apply] [--confirm-deactivations]`: one reconciliation
 * from the shell. With Okta and Salesforce credentials in the environment it uses the real
 * orgs; without, the running sandbox's emulated orgs on SANDBOX_OKTA_PORT and
 * SANDBOX_SALESFORCE_PORT. Exit code 0 when the run planned (or applied) cleanly, 1 otherwise.
 */
import { destination } from 'pino';
import { ConfigError, parseEnvironment, type CompanionConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import { createOktaClient } from '../src/okta/client.js';
import {
  CLI_USAGE,
  exitCodeOf,
  parseCliArgs,
  progressLine,
  summaryTable,
} from '../src/reconciliation/cli-output.js';
import { createReconciliationService } from '../src/reconciliation/reconciliation-service.js';
import type { ReconciliationRun, ReconciliationService } from '../src/reconciliation/types.js';
import { connectSalesforce } from '../src/salesforce/connection.js';
import { queryAll } from '../src/salesforce/record-writer.js';
import { openConfiguredStore } from '../src/store/open-configured-store.js';
import { sandboxCompanionConfig } from './sandbox-mode.js';

const EXIT_USAGE = 64;
const EXIT_CONFIG = 78;

type Targets = Pick<CompanionConfig, 'okta' | 'salesforce' | 'store' | 'logLevel'>;

function targetsFromEnvironment(): Targets {
  const parsed = parseEnvironment(process.env);
  if (parsed.mode === 'live') return parsed.config;
  // The sandbox started by `npm start`, on its default (or configured) ports.
  const { common, sandbox, salesforce } = parsed;
  return sandboxCompanionConfig(
    common,
    salesforce,
    {
      okta: { url: `http://127.0.0.1:${sandbox.oktaPort}` },
      salesforce: { url: `http://127.0.0.1:${sandbox.salesforcePort}` },
    },
    { freshStore: false },
  );
}

async function main(): Promise<number> {
  const args = parseCliArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`${args.error}\n\n${CLI_USAGE}`);
    return EXIT_USAGE;
  }
  if (args.help) {
    process.stdout.write(CLI_USAGE);
    return 0;
  }
  let targets: Targets;
  try {
    targets = targetsFromEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_CONFIG;
    }
    throw error;
  }

  // Logs go to stderr: stdout carries the progress and the summary.
  const logger = createLogger({ level: targets.logLevel, name: 'reconcile' }, destination(2));
  const okta = createOktaClient(targets.okta);
  const salesforce = await connectSalesforce(targets.salesforce);
  const config = await loadSyncConfig({
    query: (soql) => queryAll(salesforce, soql),
    describe: (name) => salesforce.describe(name),
  });
  // The companion's store: its SQLite file, or its PostgreSQL database (DATABASE_URL).
  const { store } = await openConfiguredStore(
    {
      path: targets.store.path,
      databaseUrl: targets.store.databaseUrl?.reveal(),
      instanceId: targets.store.instanceId,
    },
    { now: () => new Date(), port: 0 },
  );
  try {
    const service = await createReconciliationService({
      okta,
      salesforce,
      store: store.reconciliations,
      config: () => config,
      logger,
    });
    const started = await service.start({
      dryRun: !args.apply,
      confirmDeactivations: args.confirmDeactivations,
      trigger: 'cli',
      ...(process.env['USER'] ? { requestedBy: process.env['USER'] } : {}),
    });
    const run = await withProgress(started.id, service);
    process.stdout.write(summaryTable(run));
    return exitCodeOf(run);
  } finally {
    await store.close();
  }
}

async function withProgress(
  id: string,
  service: ReconciliationService,
): Promise<ReconciliationRun> {
  const tty = process.stdout.isTTY;
  let last = '';
  const show = () => {
    const run = service.current();
    if (!run) return;
    const line = progressLine(run);
    if (line === last) return;
    last = line;
    process.stdout.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  const timer = setInterval(show, tty ? 200 : 5_000);
  try {
    const run = await service.whenSettled(id);
    if (!run) throw new Error(`reconciliation ${id} disappeared`);
    return run;
  } finally {
    clearInterval(timer);
    if (tty && last !== '') process.stdout.write('\n');
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `The reconciliation could not run: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
