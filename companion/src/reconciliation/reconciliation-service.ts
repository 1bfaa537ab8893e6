import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { conflict, invalidState, notFound } from '../errors/domain-errors.js';
import type { Logger } from '../logger.js';
import type { OktaUserSnapshot, SyncConfig, SyncSettings } from '../mapping/types.js';
import type { OktaClient } from '../okta/client.js';
import { createOktaGateway } from '../okta/okta-gateway.js';
import {
  applyWrites,
  queryAll,
  type SalesforceWrite,
  type WriteResult,
} from '../salesforce/record-writer.js';
import type {
  AuditJournal,
  PlanItemOutcome,
  ReconciliationStore,
  StoredPlanItem,
} from '../store/types.js';
import { guardThreshold } from '../workflows/blast-radius-guard.js';
import { checkSalesforceBudget } from './api-budget.js';
import { openContactIndex } from './contact-index.js';
import { contactKeyFields, mergeAndPlan } from './merge.js';
import { createOktaRateGate, type RequestEvents } from './okta-rate-gate.js';
import { retryOnRateLimit, type RateLimitRetryPolicy } from './okta-rate-limit-retry.js';
import { APPLIED_KINDS, applyPlan } from './plan-applier.js';
import { createMergeSources } from './sources.js';
import type {
  PlanItem,
  ReconciliationGuard,
  ReconciliationRun,
  ReconciliationService,
} from './types.js';

/**
 * Runs reconciliations one at a time: plans (a dry run stops there, PLANNED), checks the
 * blast-radius guard, applies. Work runs in the background; `start` and `apply` answer as
 * soon as the run is recorded. Runs left RUNNING or APPLYING by a process that died are
 * marked FAILED when the service is created; applying such a run again resumes it.
 */

export type ReconciliationSettings = Pick<
  SyncSettings,
  'bulkThreshold' | 'apiReservePercent' | 'blastRadiusPercent' | 'blastRadiusMinContacts'
>;

export interface ReconciliationServiceDeps {
  okta: OktaClient;
  salesforce: Connection;
  store: ReconciliationStore;
  /** The current sync configuration (SyncConfigSource.current). */
  config: () => SyncConfig;
  /** Overrides of the configured guard, threshold and reserve settings. */
  settings?: () => Partial<ReconciliationSettings>;
  logger: Logger;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Collection writes; default applyWrites on the connection. */
  write?: (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;
  /** When given, every applied item is journalled (direction RECONCILIATION). */
  audit?: AuditJournal;
  onSettled?: (run: ReconciliationRun) => void;
  /** Runs kept in the store (older ones are deleted when a run starts). Default 50. */
  keepRuns?: number;
  bulkPollIntervalMs?: number;
  /** How Okta 429s that outlast the SDK's retries are waited out. */
  oktaRateLimitRetry?: RateLimitRetryPolicy;
  /** How the workflows see the users read (e.g. an app user Okta unassigned over SCIM). */
  adjustUsers?: (users: OktaUserSnapshot[]) => Promise<OktaUserSnapshot[]>;
}

const APPLYABLE = new Set(['PLANNED', 'REFUSED', 'FAILED', 'APPLIED']);

function copy(run: ReconciliationRun): ReconciliationRun {
  return structuredClone(run);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function createReconciliationService(
  deps: ReconciliationServiceDeps,
): Promise<ReconciliationService> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const write =
    deps.write ??
    ((writes: readonly SalesforceWrite[]) =>
      writes.length === 0 ? Promise.resolve([]) : applyWrites(deps.salesforce, writes));
  const query = <T extends Record<string, unknown>>(soql: string) =>
    queryAll<T>(deps.salesforce, soql);
  const { store, logger } = deps;
  let active: { run: ReconciliationRun; done: Promise<void> } | undefined;

  for (const run of await store.runsWithStatus(['QUEUED', 'RUNNING', 'APPLYING'])) {
    const wasApplying = run.status === 'APPLYING';
    await store.saveRun({
      ...run,
      status: 'FAILED',
      finishedAt: now().toISOString(),
      error: wasApplying
        ? 'The companion stopped while applying this plan; apply it again to resume.'
        : 'The companion stopped while this reconciliation was planning; start a new one.',
    });
  }

  const settings = (): SyncSettings => ({ ...deps.config().settings, ...deps.settings?.() });
  const budget = async () => checkSalesforceBudget(deps.salesforce, settings().apiReservePercent);
  const save = (run: ReconciliationRun) => store.saveRun(run);

  function guardOf(linkedContacts: number, deactivations: number): ReconciliationGuard {
    const threshold = guardThreshold(linkedContacts, settings());
    return { linkedContacts, deactivations, threshold, exceeded: deactivations > threshold };
  }

  async function finish(
    run: ReconciliationRun,
    status: ReconciliationRun['status'],
    error: string | null,
  ) {
    run.status = status;
    run.error = error;
    run.finishedAt = now().toISOString();
    await save(run);
    logger.info(
      {
        runId: run.id,
        status,
        summary: run.summary,
        progress: run.progress,
        ...(error ? { error } : {}),
      },
      'reconciliation settled',
    );
  }

  async function plan(run: ReconciliationRun): Promise<void> {
    const config = deps.config();
    const index = openContactIndex({ keyFields: contactKeyFields(config) });
    const gate = createOktaRateGate({
      events: deps.okta.requestExecutor as unknown as RequestEvents,
      reservePercent: () => settings().apiReservePercent,
      now,
      sleep,
    });
    let rateLimitWaits = 0;
    let rateLimitWaitedMs = 0;
    const retryOkta = <T>(call: () => Promise<T>) =>
      retryOnRateLimit(call, {
        now,
        sleep,
        ...(deps.oktaRateLimitRetry ? { policy: deps.oktaRateLimitRetry } : {}),
        onPause: ({ attempt, waitMs }) => {
          rateLimitWaits += 1;
          rateLimitWaitedMs += waitMs;
          logger.warn(
            { runId: run.id, attempt, waitMs },
            'Okta rate limit: waiting for the reset before reading on',
          );
        },
      });
    try {
      const result = await mergeAndPlan({
        config,
        index,
        syncedAt: now().toISOString(),
        sources: createMergeSources({
          okta: createOktaGateway(deps.okta),
          salesforce: deps.salesforce,
          gate,
          retryOkta,
          beforeSalesforceCall: () =>
            checkSalesforceBudget(deps.salesforce, settings().apiReservePercent),
          adjustUsers: deps.adjustUsers,
        }),
        sink: {
          emit: async (items) => {
            if (items.length > 0) await store.appendItems(run.id, items);
          },
          replace: (item) => store.replaceItem(run.id, item),
          item: (seq) => store.getItem(run.id, seq),
          progress: async (counts) => {
            run.progress.oktaUsersRead = counts.oktaUsersRead;
            run.progress.contactsRead = counts.contactsRead;
            await save(run);
          },
        },
      });
      run.summary = result.summary;
      run.guard = guardOf(result.linkedContacts, result.deactivations);
      logger.info(
        {
          runId: run.id,
          oktaRequests: gate.requests(),
          waitedMs: gate.waitedMs() + rateLimitWaitedMs,
          rateLimitWaits,
        },
        'reconciliation planned',
      );
    } finally {
      gate.detach();
      index.close();
    }
  }

  async function journal(
    run: ReconciliationRun,
    items: readonly StoredPlanItem[],
    outcomes: readonly PlanItemOutcome[],
  ) {
    const bySeq = new Map(outcomes.map((o) => [o.seq, o]));
    for (const item of items) {
      const outcome = bySeq.get(item.seq);
      if (!outcome) continue;
      if (outcome.ok) run.progress.itemsApplied += 1;
      else run.progress.itemsFailed += 1;
      if (!deps.audit) continue;
      const contactId = outcome.recordId ?? item.contactId ?? undefined;
      await deps.audit.record({
        id: randomUUID(),
        eventId: `reconciliation:${run.id}:${item.seq}`,
        correlationId: run.id,
        direction: 'RECONCILIATION',
        operation: `reconcile-${item.kind}`,
        status: outcome.ok ? 'SUCCESS' : 'FAILED',
        attempts: 1,
        ...(outcome.error ? { error: outcome.error } : {}),
        fieldChanges: item.changes.map((c) => ({
          object: 'Contact',
          ...(contactId ? { recordId: contactId } : {}),
          field: c.field,
          before: c.before,
          after: c.after,
        })),
        ...(item.oktaUserId ? { oktaUserId: item.oktaUserId } : {}),
        ...(contactId ? { contactId } : {}),
        actor: run.requestedBy ?? run.trigger,
        occurredAt: now().toISOString(),
      });
    }
    await save(run);
  }

  async function applyStored(run: ReconciliationRun): Promise<void> {
    const total = await store.countItems(run.id, { kinds: APPLIED_KINDS });
    const pending = await store.countItems(run.id, { kinds: APPLIED_KINDS, pendingOnly: true });
    run.progress.itemsApplied = total - pending;
    run.progress.itemsFailed = 0;
    await save(run);
    const s = settings();
    const result = await applyPlan(run.id, {
      store,
      salesforce: deps.salesforce,
      write,
      query,
      settings: s,
      now,
      checkpoint: budget,
      onOutcomes: (items, outcomes) => journal(run, items, outcomes),
      ...(deps.bulkPollIntervalMs !== undefined
        ? { bulkPollIntervalMs: deps.bulkPollIntervalMs }
        : {}),
    });
    logger.info(
      { runId: run.id, path: result.path, attempted: result.attempted },
      'reconciliation plan applied',
    );
  }

  /** Refuses (REFUSED) a plan over the blast-radius limit unless deactivations are confirmed. */
  async function refusedByGuard(run: ReconciliationRun, confirm: boolean): Promise<boolean> {
    const guard = guardOf(run.guard?.linkedContacts ?? 0, run.summary.deactivations);
    run.guard = guard;
    if (!guard.exceeded || confirm) return false;
    await finish(
      run,
      'REFUSED',
      `The plan deactivates ${guard.deactivations} Contacts, more than the limit of ${guard.threshold} ` +
        `(${settings().blastRadiusPercent}% of ${guard.linkedContacts} linked Contacts). ` +
        'Review the plan and apply it with confirmDeactivations to proceed.',
    );
    return true;
  }

  function launch(run: ReconciliationRun, work: () => Promise<void>): void {
    const done = work()
      .catch(async (error: unknown) => {
        logger.error({ err: error, runId: run.id }, 'reconciliation failed');
        await finish(run, 'FAILED', messageOf(error)).catch((saveError: unknown) =>
          logger.error({ err: saveError, runId: run.id }, 'recording the failure failed'),
        );
      })
      .finally(() => {
        active = undefined;
        deps.onSettled?.(copy(run));
      });
    active = { run, done };
  }

  function ensureIdle(): void {
    if (active) {
      throw conflict('A reconciliation is already in progress.', { runId: active.run.id });
    }
  }

  async function applyAndFinish(run: ReconciliationRun, confirm: boolean): Promise<void> {
    if (await refusedByGuard(run, confirm)) return;
    run.status = 'APPLYING';
    run.finishedAt = null;
    run.error = null;
    await save(run);
    await applyStored(run);
    const failed = run.progress.itemsFailed;
    await finish(
      run,
      'APPLIED',
      failed > 0 ? `${failed} plan items failed; see their outcomes.` : null,
    );
  }

  return {
    async start(input) {
      ensureIdle();
      const run: ReconciliationRun = {
        id: randomUUID(),
        status: 'RUNNING',
        dryRun: input.dryRun,
        trigger: input.trigger,
        requestedBy: input.requestedBy ?? null,
        startedAt: now().toISOString(),
        finishedAt: null,
        progress: { oktaUsersRead: 0, contactsRead: 0, itemsApplied: 0, itemsFailed: 0 },
        summary: {
          creates: 0,
          updates: 0,
          links: 0,
          deactivations: 0,
          conflicts: 0,
          unchanged: 0,
          skipped: 0,
        },
        error: null,
      };
      // Launched before the run is recorded, so that a second start meanwhile is refused.
      const recorded = (async () => {
        await store.pruneRuns(Math.max(1, (deps.keepRuns ?? 50) - 1));
        await store.insertRun(run);
      })();
      launch(run, async () => {
        await recorded;
        await budget();
        await plan(run);
        if (run.dryRun) await finish(run, 'PLANNED', null);
        else await applyAndFinish(run, input.confirmDeactivations === true);
      });
      await recorded;
      return copy(run);
    },

    async apply(id, input) {
      ensureIdle();
      const run = await store.getRun(id);
      if (!run) throw notFound(`No reconciliation ${id}.`);
      if (!APPLYABLE.has(run.status) || run.guard === undefined) {
        throw invalidState(
          `Reconciliation ${id} has no complete plan to apply (status ${run.status}).`,
        );
      }
      // Another start or apply may have begun while the run was read.
      ensureIdle();
      if (await refusedByGuard(run, input.confirmDeactivations === true)) return copy(run);
      ensureIdle();
      if (input.requestedBy) run.requestedBy = input.requestedBy;
      launch(run, () => applyAndFinish(run, true));
      return copy(run);
    },

    async get(id) {
      if (active?.run.id === id) return copy(active.run);
      return store.getRun(id);
    },

    list: async (limit) =>
      (await store.listRuns(limit)).map((run) =>
        active?.run.id === run.id ? copy(active.run) : run,
      ),

    async planItems(id, q) {
      const items = await store.items(id, {
        ...(q.after !== undefined ? { after: q.after } : {}),
        limit: q.limit,
        ...(q.kinds ? { kinds: q.kinds } : {}),
      });
      const last = items.at(-1);
      return {
        items: items.map(({ write: _write, ...item }): PlanItem => item),
        ...(items.length === q.limit && last ? { next: last.seq } : {}),
      };
    },

    current: () => (active ? copy(active.run) : undefined),

    async whenSettled(id) {
      if (active?.run.id === id) await active.done;
      return store.getRun(id);
    },
  };
}
