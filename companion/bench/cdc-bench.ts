import type { SandboxProfileName } from '../sandbox/profile.js';
import type { ServiceStatus } from './companion-role.js';
import { endToEndLatencies, type PublishedUpdate } from './end-to-end.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { callFigures, convergeWorld, type CallFigures } from './reconciliation-bench.js';
import { epochMs, type ResourceFigures } from './resource-meter.js';
import { startCompanionSide, startWorld, type RoleMode } from './roles.js';
import type { WorldStartOptions } from './world-role.js';

/**
 * Benchmark 3: Salesforce → Okta. After a reconciliation has brought the orgs in step, people edit the mobile phone of linked Contacts in
 * Salesforce (one edit per Contact, as fast as the emulator takes them); Change Data Capture
 * carries each change over CometD to the companion, which updates the Okta user. The Okta
 * emulator times each profile write that carries an edit. The companion runs as `npm start`
 * runs it, in its own process.
 */

export interface CdcBenchOptions {
  mode: RoleMode;
  label?: string;
  customers: number;
  events: number;
  /** Edits made per call to the emulators (each is its own Salesforce transaction). */
  batchSize?: number;
  oktaRateLimits?: WorldStartOptions['oktaRateLimits'];
  processEnv?: Record<string, string>;
  settleTimeoutMs?: number;
  /** The orgs' timing; instant unless named. */
  profile?: SandboxProfileName;
  log?: (message: string) => void;
}

export interface CdcBenchResult {
  label: string;
  customers: number;
  events: number;
  oktaUsersPerMinute: number | undefined;
  /** First edit → last edit made in Salesforce. */
  publishMs: number;
  /** First edit → last edit written to Okta. */
  applyMs: number | undefined;
  appliedEventsPerSecond: number | undefined;
  endToEndMs: LatencySummary;
  unapplied: number;
  settled: boolean;
  queue: ServiceStatus;
  oktaWrites: number;
  calls: CallFigures;
  perEvent: { okta: number; salesforce: number };
  resources: ResourceFigures;
  emulatorResources: ResourceFigures;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCdcBench(options: CdcBenchOptions): Promise<CdcBenchResult> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 100;
  const world = await startWorld(options.mode);
  try {
    log(`CDC: ${options.events} Contact edits; seeding`);
    const info = await world.start({
      customers: options.customers,
      ...(options.oktaRateLimits ? { oktaRateLimits: options.oktaRateLimits } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
    });
    // A Contact edit wins over Okta only if Okta did not change since the last sync: sync first.
    log('converging the orgs with a first reconciliation (not measured)');
    await convergeWorld(world, options.mode, {
      oktaUrl: info.oktaUrl,
      salesforceUrl: info.salesforceUrl,
    });
    // One user warms the path up (CometD handshake and subscription), the rest are measured.
    const userIds = await world.linkedCustomers(options.events + 1, { syncedOnly: true });
    if (userIds.length < options.events + 1) {
      throw new Error(`the org has only ${userIds.length} synced, linked customers`);
    }
    const [probe, ...measuredUsers] = userIds as [string, ...string[]];
    const companion = await startCompanionSide(options.mode, options.processEnv);
    try {
      await companion.startService({ oktaUrl: info.oktaUrl, salesforceUrl: info.salesforceUrl });
      const settle = async (timeoutMs: number) => {
        const deadline = Date.now() + timeoutMs;
        let queue = await companion.serviceStatus();
        while (Date.now() < deadline) {
          queue = await companion.serviceStatus();
          if (queue.pending + queue.leased === 0 && (await world.unfinishedOkta()) === 0) {
            return { settled: true, queue };
          }
          await sleep(100);
        }
        return { settled: false, queue };
      };

      const probeVersion = options.events + 1;
      await world.expectOktaVersions([[probe, probeVersion]]);
      for (let attempt = 0; attempt < 100; attempt++) {
        await world.editContactPhones([{ userId: probe, version: probeVersion + attempt }]);
        if ((await settle(3_000)).settled) break;
      }

      const lastVersion = new Map<string, number>();
      measuredUsers.forEach((id, i) => lastVersion.set(id, i + 1));
      await world.expectOktaVersions([...lastVersion]);
      await world.resetCounters();
      await companion.markResources();
      await world.markResources();

      const published: PublishedUpdate[] = [];
      const startedAt = epochMs();
      for (let from = 0; from < measuredUsers.length; from += batchSize) {
        const updates = measuredUsers
          .slice(from, from + batchSize)
          .map((userId, i) => ({ userId, version: from + i + 1 }));
        published.push(...(await world.editContactPhones(updates)));
      }
      const publishedAt = epochMs();
      log(`edits made in ${Math.round(publishedAt - startedAt)} ms; waiting for Okta`);
      const { settled, queue } = await settle(options.settleTimeoutMs ?? 10 * 60_000);
      const resources = await companion.readResources();
      const emulatorResources = await world.readResources();
      const calls = callFigures(await world.counters());
      const writes = await world.oktaWrites();
      const e2e = endToEndLatencies(published, writes);
      const applyMs =
        e2e.lastAppliedAtMs === undefined ? undefined : e2e.lastAppliedAtMs - startedAt;
      return {
        label: options.label ?? 'default Okta budget',
        customers: options.customers,
        events: options.events,
        oktaUsersPerMinute: options.oktaRateLimits?.users,
        publishMs: publishedAt - startedAt,
        applyMs,
        appliedEventsPerSecond:
          applyMs === undefined || e2e.unapplied > 0
            ? undefined
            : options.events / (applyMs / 1000),
        endToEndMs: summarize(e2e.latenciesMs),
        unapplied: e2e.unapplied,
        settled,
        queue,
        oktaWrites: writes.length,
        calls,
        perEvent: {
          okta: calls.okta / options.events,
          salesforce: calls.salesforce / options.events,
        },
        resources,
        emulatorResources,
      };
    } finally {
      await companion.exit();
    }
  } finally {
    await world.exit();
  }
}
