import { randomUUID } from 'node:crypto';
import { DomainError } from '../errors/domain-errors.js';
import type { Logger } from '../logger.js';
import type { ReconciliationRun } from '../store/reconciliation-records.js';
import type { AuditJournal } from '../store/types.js';

/**
 * What follows a loss of Contact change events (a replay id past the retention window, an
 * overflow): a reconciliation of Contacts with Okta, journaled. One run at a time: when a run is
 * already in progress, the request waits for it to settle and then starts its own (the run in
 * progress may have read Contacts before the lost changes). Requests that arrive while one is
 * waiting join it. Other entities' losses are handled by access sweeps, not here.
 */

export interface LostEventsReconciler {
  /** Resolves with the run started for the request, or undefined when none is needed. */
  request(entity: string, reason: string): Promise<ReconciliationRun | undefined>;
}

/** The reconciliation service as this module uses it (one run at a time). */
export interface ReconciliationRuns {
  /** Refused with a `conflict` domain error while another run is in progress. */
  start(input: { dryRun: false; trigger: 'schedule' }): Promise<ReconciliationRun>;
  current(): ReconciliationRun | undefined;
  whenSettled(id: string): Promise<ReconciliationRun | undefined>;
}

export interface LostEventsReconcilerDeps {
  reconciliation: () => ReconciliationRuns;
  audit: Pick<AuditJournal, 'record'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  now?: () => Date;
}

const isConflict = (error: unknown) => error instanceof DomainError && error.kind === 'conflict';

export function createLostEventsReconciler(deps: LostEventsReconcilerDeps): LostEventsReconciler {
  const now = deps.now ?? (() => new Date());
  let waiting: Promise<ReconciliationRun | undefined> | undefined;

  async function journal(
    run: ReconciliationRun | undefined,
    reason: string,
    error?: string,
  ): Promise<void> {
    const id = run?.id ?? randomUUID();
    await deps.audit.record({
      id: randomUUID(),
      eventId: `reconciliation-requested:${id}`,
      correlationId: id,
      direction: 'RECONCILIATION',
      operation: 'reconciliation-requested',
      status: run ? 'SUCCESS' : 'FAILED',
      attempts: 1,
      error:
        error ??
        `Salesforce Contact changes may have been missed (${reason}); reconciliation ${id} started.`,
      actor: 'companion',
      occurredAt: now().toISOString(),
    });
  }

  async function startWhenIdle(reason: string): Promise<ReconciliationRun> {
    const service = deps.reconciliation();
    for (;;) {
      const current = service.current();
      if (current) await service.whenSettled(current.id);
      try {
        return await service.start({ dryRun: false, trigger: 'schedule' });
      } catch (error) {
        // Another run started in between: wait for that one too.
        if (!isConflict(error)) throw error;
        deps.logger.warn({ reason }, 'a reconciliation is in progress; starting one after it');
      }
    }
  }

  return {
    request(entity, reason) {
      if (entity !== 'Contact') return Promise.resolve(undefined);
      waiting ??= startWhenIdle(reason)
        .then(async (run) => {
          await journal(run, reason);
          deps.logger.warn(
            { runId: run.id, reason },
            'reconciliation started: Contact changes may have been missed',
          );
          return run;
        })
        .catch(async (error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          await journal(
            undefined,
            reason,
            `Could not start a reconciliation after ${reason}: ${message}`,
          );
          deps.logger.error({ err: error, reason }, 'could not start a reconciliation');
          return undefined;
        })
        .finally(() => {
          waiting = undefined;
        });
      return waiting;
    },
  };
}
