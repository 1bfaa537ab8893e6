import type { Logger } from '../logger.js';
import { nextFireTime, parseCron } from './cron.js';
import type { ReconciliationService } from './types.js';

/**
 * Starts a reconciliation at each fire time of Okta_Sync_Setting__mdt.Reconciliation_Cron__c
 * (UTC). A scheduled run plans and applies with the blast-radius guard enforced: it never
 * confirms deactivations, so a plan over the limit stays REFUSED for a person to review. The
 * expression is read at every wake-up, so a configuration change takes effect at the next one.
 */

export interface ReconciliationScheduler {
  start(): void;
  stop(): void;
  nextRunAt(): Date | undefined;
}

export interface SchedulerTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Long delays are split: timers cap at ~24.8 days, and the clock may be adjusted. */
const MAX_SLEEP_MS = 60 * 60_000;
const RETRY_AFTER_BAD_CRON_MS = 60 * 60_000;

const realTimers: SchedulerTimers = {
  set: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export function createReconciliationScheduler(deps: {
  service: Pick<ReconciliationService, 'start'>;
  cron: () => string;
  logger: Logger;
  /** 'apply' (default): plan and apply, guard enforced; 'dry-run': plan only. */
  mode?: 'apply' | 'dry-run';
  now?: () => Date;
  timers?: SchedulerTimers;
}): ReconciliationScheduler {
  const now = deps.now ?? (() => new Date());
  const timers = deps.timers ?? realTimers;
  let handle: unknown;
  let dueAt: Date | undefined;
  let running = false;

  function arm(): void {
    if (!running) return;
    let delay: number;
    try {
      dueAt ??= nextFireTime(parseCron(deps.cron()), now());
      delay = Math.max(0, Math.min(MAX_SLEEP_MS, dueAt.getTime() - now().getTime()));
    } catch (error) {
      deps.logger.error(
        { err: error },
        'the reconciliation schedule is invalid; retrying in an hour',
      );
      dueAt = undefined;
      delay = RETRY_AFTER_BAD_CRON_MS;
    }
    handle = timers.set(wake, delay);
  }

  function wake(): void {
    if (!running) return;
    if (dueAt && now().getTime() >= dueAt.getTime()) {
      dueAt = undefined;
      deps.service
        .start({
          dryRun: deps.mode === 'dry-run',
          confirmDeactivations: false,
          trigger: 'schedule',
        })
        .then((run) => deps.logger.info({ runId: run.id }, 'scheduled reconciliation started'))
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'scheduled reconciliation not started'),
        );
    } else {
      // Re-read the expression: it may have changed while waiting.
      dueAt = undefined;
    }
    arm();
  }

  return {
    start() {
      if (running) return;
      running = true;
      arm();
    },
    stop() {
      running = false;
      if (handle !== undefined) timers.clear(handle);
      handle = undefined;
      dueAt = undefined;
    },
    nextRunAt: () => dueAt,
  };
}
