import type { ReconciliationRun } from '../src/reconciliation/types.js';
import type { PerRecordOutcome, ReconciliationOutcome, Target } from './companion-role.js';
import { DEFAULT_DRIFT, type DriftSpec } from './drift.js';
import { countByClass, total, type CallClass, type EndpointCounts } from './endpoint-key.js';
import { ratio, reconciliationFloor, type ReconciliationFloor } from './floor.js';
import type { ResourceFigures } from './resource-meter.js';
import { startCompanionSide, startWorld, type RoleMode } from './roles.js';
import type { DriftApplied, WorldApi, WorldInfo } from './world-role.js';

/**
 * Benchmark 1: a full reconciliation of N customers after a realistic drift, against the
 * floor of API calls and against a per-record integration facing the same kind of drift.
 *
 * 1. Start the emulated orgs from the seed and converge them with one reconciliation
 *    (not measured), so that the drift below is the only difference.
 * 2. Apply the drift; run and measure the reconciliation (plan and apply) in a fresh process.
 * 3. Apply a second drift of the same size and mix (other records); run and measure the
 *    per-record strategy in a fresh process, on a sample of users when `perRecordSample` is set.
 */

export interface ReconciliationBenchOptions {
  customers: number;
  mode: RoleMode;
  drift?: DriftSpec;
  /** Users the per-record strategy handles; its figures are then extrapolated to all users. */
  perRecordSample?: number;
  log?: (message: string) => void;
}

export interface CallFigures {
  byEndpoint: EndpointCounts;
  byClass: Record<CallClass, number>;
  okta: number;
  salesforce: number;
  total: number;
}

export interface ReconciliationBenchResult {
  customers: number;
  world: WorldInfo;
  drift: DriftApplied;
  converge: { wallMs: number; summary: ReconciliationRun['summary'] };
  ours: {
    status: ReconciliationRun['status'];
    error: string | null;
    summary: ReconciliationRun['summary'];
    progress: ReconciliationRun['progress'];
    writesNeeded: number;
    applyPath: string | undefined;
    rateLimitWaitMs: number | undefined;
    resources: ResourceFigures;
    calls: CallFigures;
    floor: ReconciliationFloor;
    ratioToFloor: number | undefined;
  };
  perRecord: {
    drift: DriftApplied;
    sampled: boolean;
    usersListed: number;
    result: PerRecordOutcome['result'];
    resources: ResourceFigures;
    calls: CallFigures;
    /** Scale from the sample to all Okta users (1 when not sampled). */
    factor: number;
    estimated: { calls: number; wallMs: number; cpuMs: number };
    ratioToFloor: number | undefined;
    ratioToOurs: number | undefined;
  };
}

export function callFigures(counts: EndpointCounts): CallFigures {
  const okta = total(counts.okta);
  const salesforce = total(counts.salesforce);
  return {
    byEndpoint: counts,
    byClass: countByClass(counts),
    okta,
    salesforce,
    total: okta + salesforce,
  };
}

async function measured<T>(
  world: WorldApi,
  mode: RoleMode,
  target: Target,
  prepare: 'prepareReconciliation' | 'preparePerRecord',
  run: (companion: Awaited<ReturnType<typeof startCompanionSide>>) => Promise<T>,
): Promise<{ outcome: T; calls: CallFigures }> {
  const companion = await startCompanionSide(mode);
  try {
    await companion[prepare](target);
    await world.freshOktaRateWindows();
    await world.resetCounters();
    const outcome = await run(companion);
    return { outcome, calls: callFigures(await world.counters()) };
  } finally {
    await companion.exit();
  }
}

/** Brings the two orgs in step with one applied reconciliation, in a process of its own. */
export async function convergeWorld(
  world: WorldApi,
  mode: RoleMode,
  target: Target,
): Promise<{ outcome: ReconciliationOutcome; calls: CallFigures }> {
  const converge = await measured(world, mode, target, 'prepareReconciliation', (c) =>
    c.runReconciliation(),
  );
  assertApplied(converge.outcome, 'the converging reconciliation');
  return converge;
}

export async function runReconciliationBench(
  options: ReconciliationBenchOptions,
): Promise<ReconciliationBenchResult> {
  const log = options.log ?? (() => undefined);
  const drift = options.drift ?? DEFAULT_DRIFT;
  const world = await startWorld(options.mode);
  try {
    log(`reconciliation N=${options.customers}: seeding the emulated orgs`);
    const seeded = await world.start({ customers: options.customers });
    const target = { oktaUrl: seeded.oktaUrl, salesforceUrl: seeded.salesforceUrl };

    log('converging the orgs with a first reconciliation (not measured)');
    const converge = await convergeWorld(world, options.mode, target);

    const applied = await world.applyDrift(drift);
    const info = await world.info();
    log(`drift applied: ${JSON.stringify(applied)}; measuring the reconciliation`);
    const ours = await measured(world, options.mode, target, 'prepareReconciliation', (c) =>
      c.runReconciliation(),
    );
    assertApplied(ours.outcome, 'the measured reconciliation');
    const { run } = ours.outcome;
    const writesNeeded =
      run.summary.creates + run.summary.updates + run.summary.links + run.summary.deactivations;
    const floor = reconciliationFloor({
      oktaUsers: info.oktaUsers,
      contacts: info.contacts,
      writes: writesNeeded,
    });

    const secondDrift = await world.applyDrift({ ...drift, seed: drift.seed + 1 });
    log(
      `second drift applied: ${JSON.stringify(secondDrift)}; measuring the per-record strategy` +
        (options.perRecordSample ? ` on ${options.perRecordSample} users` : ''),
    );
    const perRecord = await measured(world, options.mode, target, 'preparePerRecord', (c) =>
      c.runPerRecord(
        options.perRecordSample === undefined ? {} : { limit: options.perRecordSample },
      ),
    );
    const listed = perRecord.outcome.result.usersListed;
    const sampled = listed < info.oktaUsers;
    const factor = sampled && listed > 0 ? info.oktaUsers / listed : 1;
    const estimatedCalls = Math.round(perRecord.calls.total * factor);

    return {
      customers: options.customers,
      world: info,
      drift: applied,
      converge: {
        wallMs: converge.outcome.resources.wallMs,
        summary: converge.outcome.run.summary,
      },
      ours: {
        status: run.status,
        error: run.error,
        summary: run.summary,
        progress: run.progress,
        writesNeeded,
        applyPath: ours.outcome.applyPath,
        rateLimitWaitMs: ours.outcome.rateLimitWaitMs,
        resources: ours.outcome.resources,
        calls: ours.calls,
        floor,
        ratioToFloor: ratio(ours.calls.total, floor.total),
      },
      perRecord: {
        drift: secondDrift,
        sampled,
        usersListed: listed,
        result: perRecord.outcome.result,
        resources: perRecord.outcome.resources,
        calls: perRecord.calls,
        factor,
        estimated: {
          calls: estimatedCalls,
          wallMs: perRecord.outcome.resources.wallMs * factor,
          cpuMs: perRecord.outcome.resources.cpuMs * factor,
        },
        ratioToFloor: ratio(estimatedCalls, floor.total),
        ratioToOurs: ratio(estimatedCalls, ours.calls.total),
      },
    };
  } finally {
    await world.exit();
  }
}

function assertApplied(outcome: ReconciliationOutcome, what: string): void {
  if (outcome.run.status !== 'APPLIED' || outcome.run.progress.itemsFailed > 0) {
    throw new Error(
      `${what} ended ${outcome.run.status} with ${outcome.run.progress.itemsFailed} failed items: ${outcome.run.error ?? ''}`,
    );
  }
}
