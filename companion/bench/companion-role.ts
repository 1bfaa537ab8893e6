import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { sandboxCompanionConfig } from '../bin/sandbox-mode.js';
import type { Sandbox } from '../sandbox/index.js';
import { startCompanion, type RunningCompanion } from '../src/companion.js';
import { startIntake, type RunningIntake } from '../src/intake-service.js';
import { applyRolePriority } from '../src/role-priority.js';
import { parseEnvironment, type CompanionConfig } from '../src/config.js';
import { createLogger, silentLogger } from '../src/logger.js';
import { loadSyncConfig } from '../src/mapping/config-loader.js';
import type { SyncConfig } from '../src/mapping/types.js';
import { createOktaClient, type OktaClient } from '../src/okta/client.js';
import { createReconciliationService } from '../src/reconciliation/reconciliation-service.js';
import type { ReconciliationRun } from '../src/reconciliation/types.js';
import { connectSalesforce } from '../src/salesforce/connection.js';
import { queryAll } from '../src/salesforce/record-writer.js';
import { openSqliteStore } from '../src/store/index.js';
import { syncPerRecord, type PerRecordResult } from './per-record-sync.js';
import { startResourceMeter, type ResourceFigures, type ResourceMeter } from './resource-meter.js';

/**
 * The measured side of a benchmark: the companion's code, run as production runs it, in a
 * process of its own so that its time and memory are its own. Each method pair prepares
 * (clients, tokens, configuration: not measured) and then runs the measured part.
 */

export interface Target {
  oktaUrl: string;
  salesforceUrl: string;
}

export interface ReconciliationOutcome {
  run: ReconciliationRun;
  resources: ResourceFigures;
  /** From the run's log: Okta user requests and time spent waiting for Okta's rate limit. */
  oktaRequests: number | undefined;
  rateLimitWaitMs: number | undefined;
  applyPath: string | undefined;
}

export interface PerRecordOutcome {
  result: PerRecordResult;
  resources: ResourceFigures;
}

export interface ServiceStatus {
  pending: number;
  leased: number;
  delayed: number;
  deadLetters: number;
  completed: number;
  retried: number;
}

export interface CompanionApi {
  prepareReconciliation(target: Target): Promise<void>;
  runReconciliation(): Promise<ReconciliationOutcome>;
  preparePerRecord(target: Target): Promise<void>;
  runPerRecord(options: { limit?: number }): Promise<PerRecordOutcome>;
  startService(target: Target, env?: Record<string, string>): Promise<{ url: string }>;
  serviceStatus(): Promise<ServiceStatus>;
  markResources(): Promise<void>;
  readResources(): Promise<ResourceFigures>;
  close(): Promise<void>;
}

function configFor(target: Target, dataDir: string, env: Record<string, string> = {}) {
  const parsed = parseEnvironment({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  if (parsed.mode !== 'sandbox') throw new Error('the benchmark runs against the sandbox');
  const orgs = { okta: { url: target.oktaUrl }, salesforce: { url: target.salesforceUrl } };
  // The data directory is new for each run, and shared by the processes of one topology: the
  // second process must not clear the first one's store.
  return sandboxCompanionConfig(
    parsed.common,
    parsed.salesforce,
    orgs as unknown as Pick<Sandbox, 'okta' | 'salesforce'>,
    { freshStore: false },
  );
}

interface Clients {
  okta: OktaClient;
  salesforce: Connection;
  syncConfig: SyncConfig;
}

async function connect(config: CompanionConfig): Promise<Clients> {
  const okta = createOktaClient(config.okta);
  const salesforce = await connectSalesforce(config.salesforce);
  const syncConfig = await loadSyncConfig({
    query: (soql) => queryAll(salesforce, soql),
    describe: (name) => salesforce.describe(name),
  });
  return { okta, salesforce, syncConfig };
}

/** Keeps the fields of the log records a run writes that the report needs. */
function capturingLogger(into: Record<string, unknown>[]) {
  return createLogger(
    { level: 'info', name: 'bench' },
    {
      write(line: string) {
        try {
          into.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not JSON: nothing the report reads.
        }
      },
    },
  );
}

/**
 * `ownProcess`: the role has a process of its own (the real benchmark), so a worker lowers that
 * process's priority as the entry point does; in-process smoke tests leave the test runner be.
 */
export function createCompanionRole(options: { ownProcess?: boolean } = {}): CompanionApi {
  const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-bench-'));
  let clients: Clients | undefined;
  let service: RunningCompanion | RunningIntake | undefined;
  let meter: ResourceMeter | undefined;
  const closers: (() => Promise<void>)[] = [];

  const ready = () => {
    if (!clients) throw new Error('prepare first');
    return clients;
  };

  return {
    async prepareReconciliation(target) {
      clients = await connect(configFor(target, dataDir));
    },
    async runReconciliation() {
      const { okta, salesforce, syncConfig } = ready();
      const logs: Record<string, unknown>[] = [];
      const store = openSqliteStore({ path: join(dataDir, 'reconciliations.sqlite') });
      closers.push(() => store.close());
      const service = await createReconciliationService({
        okta,
        salesforce,
        store: store.reconciliations,
        config: () => syncConfig,
        logger: capturingLogger(logs),
      });
      const measuring = startResourceMeter();
      const started = await service.start({
        dryRun: false,
        confirmDeactivations: true,
        trigger: 'cli',
        requestedBy: 'benchmark',
      });
      const run = await service.whenSettled(started.id);
      const resources = measuring.stop();
      if (!run) throw new Error('the reconciliation run disappeared');
      const planned = logs.find((l) => l['msg'] === 'reconciliation planned');
      const applied = logs.find((l) => l['msg'] === 'reconciliation plan applied');
      return {
        run,
        resources,
        oktaRequests: planned?.['oktaRequests'] as number | undefined,
        rateLimitWaitMs: planned?.['waitedMs'] as number | undefined,
        applyPath: applied?.['path'] as string | undefined,
      };
    },
    async preparePerRecord(target) {
      clients = await connect(configFor(target, dataDir));
    },
    async runPerRecord(options) {
      const { okta, salesforce, syncConfig } = ready();
      const measuring = startResourceMeter();
      const result = await syncPerRecord(
        { okta, salesforce, config: syncConfig },
        options.limit === undefined ? {} : { limit: options.limit },
      );
      return { result, resources: measuring.stop() };
    },
    async startService(target, env) {
      // BENCH_LOG_LEVEL=info shows the service's own log on stderr, e.g. to see why jobs retry.
      const level = process.env['BENCH_LOG_LEVEL'];
      const logger = level
        ? createLogger({ level, name: 'companion' }, process.stderr)
        : silentLogger();
      const config = configFor(target, dataDir, env);
      // As the entry point does (src/index.ts): a worker yields the CPU to intakes.
      if (options.ownProcess) applyRolePriority(config, logger);
      service =
        config.role === 'intake'
          ? await startIntake(config, { logger })
          : await startCompanion(config, { logger });
      return { url: service.url };
    },
    async serviceStatus() {
      if (!service) throw new Error('the service is not started');
      const counts = await service.store.jobs.counts();
      // An intake works no jobs.
      const stats = 'worker' in service ? service.worker.stats() : { completed: 0, retried: 0 };
      return {
        pending: counts.pending,
        leased: counts.leased,
        delayed: counts.delayed,
        deadLetters: counts.deadLetters,
        completed: stats.completed,
        retried: stats.retried,
      };
    },
    async markResources() {
      meter = startResourceMeter();
    },
    async readResources() {
      if (!meter) throw new Error('markResources first');
      return meter.stop();
    },
    async close() {
      await service?.stop();
      service = undefined;
      for (const close of closers.splice(0)) await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
