import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import type { SandboxProfileName, SandboxProfileOverrides } from '../sandbox/profile.js';
import { buildEnvelope } from '../sandbox/okta/hook-delivery.js';
import type { LogEvent } from '../sandbox/okta/index.js';
import type { ServiceStatus } from './companion-role.js';
import { endToEndLatencies, type PublishedUpdate } from './end-to-end.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { callFigures, type CallFigures } from './reconciliation-bench.js';
import { epochMs, type ResourceFigures } from './resource-meter.js';
import {
  describeTopology,
  ONE_PROCESS,
  processPlan,
  startBenchStore,
  type HookTopology,
} from './hook-topology.js';
import { startCompanionSide, startWorld, type Exiting, type RoleMode } from './roles.js';
import type { CompanionApi } from './companion-role.js';

/**
 * Benchmark 2: a burst of Okta profile updates delivered to the companion's event hook
 * endpoint, as Okta delivers them (System Log events in event hook envelopes of up to 50,
 * several deliveries in flight), spread over M users. The load generator (this process)
 * makes each update in the emulated Okta org, POSTs the logged events, and times the
 * acknowledgement; the Salesforce emulator times the Contact write that carries each
 * update. The companion runs as `npm start` runs it, in its own process.
 */

export interface HookBurstOptions {
  mode: RoleMode;
  /** Names the variant in the report. */
  label?: string;
  /** Customers in the seed; must leave at least `users` active, linked customers. */
  customers: number;
  events: number;
  users: number;
  batchSize?: number;
  /** Deliveries in flight at once, at most. */
  senders?: number;
  /**
   * Offered load: deliveries leave on a fixed schedule at this many events per second (each
   * waits for a free sender), as Okta sends a steady stream. Unset: as fast as the senders go.
   */
  eventsPerSecond?: number;
  /** Give up waiting for the sync after this long (the result then says what is missing). */
  settleTimeoutMs?: number;
  /** Companion configuration (environment variables, e.g. WORKER_CONCURRENCY). */
  env?: Record<string, string>;
  /** Environment of the companion process itself (e.g. library settings read at load time). */
  processEnv?: Record<string, string>;
  /** The orgs' timing; instant unless named. */
  profile?: SandboxProfileName;
  /** Knobs of that profile set otherwise. */
  profileOverrides?: SandboxProfileOverrides;
  /** Store, instances and roles of the companion; one process on SQLite unless named. */
  topology?: HookTopology;
  log?: (message: string) => void;
}

export interface ProcessFigures {
  name: string;
  role: string;
  resources: ResourceFigures;
}

export interface HookBurstResult {
  label: string;
  customers: number;
  processEnv: Record<string, string>;
  events: number;
  users: number;
  batchSize: number;
  senders: number;
  /** The offered load, when the deliveries were paced. */
  eventsPerSecond: number | undefined;
  /** How late deliveries left against their schedule, when paced. */
  departureLateMs: LatencySummary | undefined;
  deliveries: number;
  failedDeliveries: number;
  /** First update made → last delivery acknowledged. */
  ingestMs: number;
  ingestEventsPerSecond: number;
  /** First update made → last update written to its Contact. */
  applyMs: number | undefined;
  appliedEventsPerSecond: number | undefined;
  ackMs: LatencySummary;
  endToEndMs: LatencySummary;
  unapplied: number;
  settled: boolean;
  queue: ServiceStatus;
  contactWrites: number;
  calls: CallFigures;
  perEvent: { okta: number; salesforce: number };
  /** The companion's processes together: CPU summed, memory of the largest. */
  resources: ResourceFigures;
  topology: HookTopology;
  /** Each companion process over the measured span. */
  processes: ProcessFigures[];
  /** The PostgreSQL server's CPU over the span (all its processes), when the store is PostgreSQL. */
  databaseCpuMs: number | undefined;
  /** The emulators' process over the same span: when its CPU nears one core, it bounds the run. */
  emulatorResources: ResourceFigures;
}

function combined(figures: readonly ResourceFigures[]): ResourceFigures {
  const sum = (pick: (f: ResourceFigures) => number) => figures.reduce((n, f) => n + pick(f), 0);
  const max = (pick: (f: ResourceFigures) => number) => Math.max(0, ...figures.map(pick));
  return {
    wallMs: max((f) => f.wallMs),
    cpuUserMs: sum((f) => f.cpuUserMs),
    cpuSystemMs: sum((f) => f.cpuSystemMs),
    cpuMs: sum((f) => f.cpuMs),
    peakRssMb: max((f) => f.peakRssMb),
    maxRssMb: max((f) => f.maxRssMb),
    peakHeapUsedMb: max((f) => f.peakHeapUsedMb),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PlannedDelivery {
  /** Versions from…to (exclusive), 1-based. */
  from: number;
  to: number;
  /** When it leaves, ms after the start; undefined: as soon as a sender is free. */
  dueMs: number | undefined;
}

/** Pure: the deliveries of a burst, in order, each with its departure at the offered rate. */
export function deliveryPlan(
  events: number,
  batchSize: number,
  eventsPerSecond?: number,
): PlannedDelivery[] {
  const plan: PlannedDelivery[] = [];
  for (let from = 1; from <= events; from += batchSize) {
    plan.push({
      from,
      to: Math.min(events + 1, from + batchSize),
      dueMs: eventsPerSecond === undefined ? undefined : ((from - 1) / eventsPerSecond) * 1000,
    });
  }
  return plan;
}

/**
 * Prepares the deliveries one after another, in plan order, at most `buffered` ahead of the one
 * being sent; `get(i)` waits for delivery i. A failure reaches the sender of that delivery and
 * every later one.
 */
export function preparedInOrder<T>(
  plan: readonly PlannedDelivery[],
  options: { buffered: number; prepare: (delivery: PlannedDelivery) => Promise<T> },
): { get(index: number): Promise<T>; done(): Promise<void> } {
  const results = plan.map(() => {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // A failure is handled by whoever asks for the delivery, if anyone.
    promise.catch(() => undefined);
    return { promise, ...settle };
  });
  let taken = 0;
  const room: (() => void)[] = [];
  const run = (async () => {
    for (let index = 0; index < plan.length; index++) {
      while (index - taken >= options.buffered) await new Promise<void>((r) => room.push(r));
      try {
        results[index]?.resolve(await options.prepare(plan[index] as PlannedDelivery));
      } catch (error) {
        for (const later of results.slice(index)) later.reject(error);
        return;
      }
    }
  })();
  return {
    get: (index) => {
      taken = Math.max(taken, index + 1);
      for (const wake of room.splice(0)) wake();
      return (results[index] as { promise: Promise<T> }).promise;
    },
    done: () => run,
  };
}

/** How long before a paced burst starts its schedule is planned: time to build its events. */
const scheduleLeadMs = (events: number) => 1000 + events * 0.1;

export async function runHookBurst(options: HookBurstOptions): Promise<HookBurstResult> {
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 50;
  const senders = options.senders ?? 4;
  const world = await startWorld(options.mode);
  try {
    log(`hook burst: ${options.events} events over ${options.users} users; seeding`);
    const info = await world.start({
      customers: options.customers,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.profileOverrides ? { profileOverrides: options.profileOverrides } : {}),
    });
    const userIds = await world.linkedCustomers(options.users);
    if (userIds.length < options.users) {
      throw new Error(`the seed has only ${userIds.length} linked customers`);
    }
    const topology = options.topology ?? ONE_PROCESS;
    const store = await startBenchStore(topology);
    const companions: { name: string; role: string; api: Exiting<CompanionApi>; url?: string }[] =
      [];
    try {
      // Workers first: the PostgreSQL migrations run once, and the leader is elected before hooks.
      const plan = processPlan(topology, store).sort(
        (a, b) => Number(a.role === 'intake') - Number(b.role === 'intake'),
      );
      for (const planned of plan) {
        const api = await startCompanionSide(options.mode, options.processEnv);
        // Listed before it starts, so that it is stopped with the others if starting fails.
        const companion: (typeof companions)[number] = {
          name: planned.name,
          role: planned.role,
          api,
        };
        companions.push(companion);
        companion.url = (
          await api.startService(
            { oktaUrl: info.oktaUrl, salesforceUrl: info.salesforceUrl },
            { ...options.env, ...planned.env },
          )
        ).url;
      }
      const hookUrls = companions
        .filter((c) => c.role !== 'worker')
        .map((c) => `${c.url ?? ''}/hooks/okta`);
      const working = companions.filter((c) => c.role !== 'intake');
      const status = async (): Promise<ServiceStatus> => {
        const each = await Promise.all(working.map((c) => c.api.serviceStatus()));
        const first = each[0] as ServiceStatus;
        return {
          ...first,
          completed: each.reduce((n, s) => n + s.completed, 0),
          retried: each.reduce((n, s) => n + s.retried, 0),
        };
      };
      let delivery = 0;
      const userOf = (version: number) => userIds[(version - 1) % userIds.length] as string;
      const lastVersion = new Map<string, number>();
      for (let v = 1; v <= options.events; v++) lastVersion.set(userOf(v), v);
      await world.expectVersions([...lastVersion]);
      /** Counters and resources from now on; the database's CPU so far. */
      const markStart = async () => {
        await world.resetCounters();
        for (const c of companions) await c.api.markResources();
        await world.markResources();
        return store.databaseCpuMs();
      };

      const acks: number[] = [];
      const late: number[] = [];
      const published: PublishedUpdate[] = [];
      let failedDeliveries = 0;
      const deliveries = deliveryPlan(options.events, batchSize, options.eventsPerSecond);
      const envelope = (events: LogEvent[], sentAt: Date) =>
        JSON.stringify(buildEnvelope('whobenchhook000000001', events, info.oktaUrl, sentAt));
      const updatesOf = ({ from, to }: PlannedDelivery) => {
        const updates = [];
        for (let v = from; v < to; v++) updates.push({ userId: userOf(v), version: v });
        return updates;
      };
      let startedAt: number;
      let databaseCpuAtStart: number | undefined;
      /** The body of delivery i, as Okta sends it. */
      let bodyOf: (index: number) => Promise<string>;
      let prepared: { done(): Promise<void> } | undefined;
      if (options.eventsPerSecond === undefined) {
        // Flat out: each delivery's changes are made just before it leaves.
        databaseCpuAtStart = await markStart();
        startedAt = epochMs();
        const made = preparedInOrder(deliveries, {
          buffered: senders * 2,
          prepare: async (delivery) => {
            const batch = await world.publishProfileUpdates(updatesOf(delivery));
            published.push(...batch.published);
            return batch.events;
          },
        });
        bodyOf = async (index) => envelope(await made.get(index), new Date());
        prepared = made;
      } else {
        // Paced: the emulated org is told every change and its time before the burst, and makes
        // each when its time comes, so that deliveries leave on schedule however busy the
        // emulators are (they share two cores with the companion, at a lower priority).
        const planned = deliveries.flatMap((d) =>
          updatesOf(d).map((u) => ({ ...u, offsetMs: d.dueMs ?? 0 })),
        );
        const schedule = await world.scheduleProfileUpdates(
          planned,
          scheduleLeadMs(options.events),
        );
        startedAt = schedule.startsAt;
        for (const u of planned) {
          published.push({ userId: u.userId, version: u.version, atMs: startedAt + u.offsetMs });
        }
        // Built before the burst too: serialising 50 events is work of the load generator,
        // which shares the two cores with the companion during the burst.
        const bodies = deliveries.map(({ from, to, dueMs }) =>
          envelope(schedule.events.slice(from - 1, to - 1), new Date(startedAt + (dueMs ?? 0))),
        );
        databaseCpuAtStart = await markStart();
        if (epochMs() >= startedAt) {
          throw new Error(
            `preparing the burst took longer than the ${scheduleLeadMs(options.events)} ms before it starts`,
          );
        }
        bodyOf = async (index) => bodies[index] as string;
      }
      let next = 0;
      const sender = async () => {
        for (let index = next++; index < deliveries.length; index = next++) {
          const { dueMs } = deliveries[index] as PlannedDelivery;
          const body = await bodyOf(index);
          // The delivery's scheduled departure; a sender that is late sends at once.
          const wait = dueMs === undefined ? 0 : startedAt + dueMs - epochMs();
          if (wait > 0) await sleep(wait);
          if (dueMs !== undefined) late.push(Math.max(0, epochMs() - (startedAt + dueMs)));
          const hookUrl = hookUrls[delivery++ % hookUrls.length] as string;
          const sentAt = performance.now();
          const response = await fetch(hookUrl, {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              Accept: 'application/json',
              'User-Agent': 'Okta Event Hooks/1.0',
              Authorization: SANDBOX_CREDENTIALS.oktaHookSecret,
            },
            body,
          });
          await response.arrayBuffer();
          acks.push(performance.now() - sentAt);
          if (!response.ok) failedDeliveries += 1;
        }
      };
      await Promise.all(Array.from({ length: senders }, sender));
      await prepared?.done();
      const ingestedAt = epochMs();
      log(`burst delivered in ${Math.round(ingestedAt - startedAt)} ms; waiting for the sync`);

      const deadline = Date.now() + (options.settleTimeoutMs ?? 10 * 60_000);
      let queue = await status();
      let settled = false;
      while (Date.now() < deadline) {
        queue = await status();
        const idle = queue.pending + queue.leased === 0;
        if (idle && (await world.unfinished()) === 0) {
          settled = true;
          break;
        }
        await sleep(100);
      }
      const processes: ProcessFigures[] = [];
      for (const c of companions) {
        processes.push({ name: c.name, role: c.role, resources: await c.api.readResources() });
      }
      const databaseCpuAtEnd = store.databaseCpuMs();
      const emulatorResources = await world.readResources();
      const calls = callFigures(await world.counters());
      const writes = await world.contactWrites();
      const e2e = endToEndLatencies(published, writes);
      const applyMs =
        e2e.lastAppliedAtMs === undefined ? undefined : e2e.lastAppliedAtMs - startedAt;
      return {
        label: options.label ?? describeTopology(topology),
        customers: options.customers,
        processEnv: options.processEnv ?? {},
        events: options.events,
        users: options.users,
        batchSize,
        senders,
        eventsPerSecond: options.eventsPerSecond,
        departureLateMs: late.length === 0 ? undefined : summarize(late),
        deliveries: acks.length,
        failedDeliveries,
        ingestMs: ingestedAt - startedAt,
        ingestEventsPerSecond: options.events / ((ingestedAt - startedAt) / 1000),
        applyMs,
        appliedEventsPerSecond:
          applyMs === undefined || e2e.unapplied > 0
            ? undefined
            : options.events / (applyMs / 1000),
        ackMs: summarize(acks),
        endToEndMs: summarize(e2e.latenciesMs),
        unapplied: e2e.unapplied,
        settled,
        queue,
        contactWrites: writes.length,
        calls,
        perEvent: {
          okta: calls.okta / options.events,
          salesforce: calls.salesforce / options.events,
        },
        resources: combined(processes.map((p) => p.resources)),
        topology,
        processes,
        databaseCpuMs:
          databaseCpuAtStart === undefined || databaseCpuAtEnd === undefined
            ? undefined
            : databaseCpuAtEnd - databaseCpuAtStart,
        emulatorResources,
      };
    } finally {
      // Intakes first, then the workers drain.
      for (const c of [...companions].reverse()) await c.api.exit();
      await store.close();
    }
  } finally {
    await world.exit();
  }
}
