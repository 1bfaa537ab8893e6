import type { Logger } from '../logger.js';
import { nextFireTime, parseCron } from './cron.js';
import type { ReconciliationService } from './types.js';

/**
 * Starts a reconciliation at each fire time of Okta_Sync_Setting__mdt.Reconciliation_Cron__c
 * (UTC). A scheduled run plans and applies with the blast-radius guard enforced: it never
 * confirms deactivations, so a plan over the limit stays REFUSED for a person to review. A
 * changed expression takes effect as soon as the configuration is reloaded (`refresh`), not at
 * the run time computed from the old one.
 */

/** What health shows of the schedule. */
export interface ScheduleView {
  cron: string | null;
  /** ISO 8601; null while stopped or when the expression is invalid. */
  nextRunAt: string | null;
  error: string | null;
}

export interface ReconciliationScheduler {
  start(): void;
  stop(): void;
  /** Re-reads the expression and re-arms when it changed (call after a configuration reload). */
  refresh(): void;
  nextRunAt(): Date | undefined;
  view(): ScheduleView;
}

/**
 * Pure: the next run of `cron` strictly after `now`, or why there is none.
 */
export function planNextRun(
  cron: string,
  now: Date,
): { ok: true; at: Date } | { ok: false; error: string } {
  try {
    return { ok: true, at: nextFireTime(parseCron(cron), now) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
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
  /** The expression dueAt was computed from, and its error when it had none. */
  let armedCron: string | undefined;
  let cronError: string | null = null;

  const nextRunIso = () => (dueAt ? dueAt.toISOString() : null);

  function currentCron(): string | undefined {
    try {
      return deps.cron();
    } catch {
      return undefined;
    }
  }

  function arm(): void {
    if (!running) return;
    if (handle !== undefined) timers.clear(handle);
    let delay: number;
    const cron = currentCron();
    armedCron = cron;
    if (dueAt === undefined) {
      const next =
        cron === undefined
          ? { ok: false as const, error: 'the configuration is not loaded' }
          : planNextRun(cron, now());
      if (next.ok) {
        dueAt = next.at;
        cronError = null;
      } else {
        cronError = next.error;
      }
    }
    if (dueAt) {
      delay = Math.max(0, Math.min(MAX_SLEEP_MS, dueAt.getTime() - now().getTime()));
    } else {
      deps.logger.error(
        { error: cronError, cron },
        'the reconciliation schedule is invalid; retrying in an hour',
      );
      delay = RETRY_AFTER_BAD_CRON_MS;
    }
    handle = timers.set(wake, delay);
  }

  function wake(): void {
    handle = undefined;
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
      armedCron = undefined;
    },
    refresh() {
      if (!running || currentCron() === armedCron) return;
      dueAt = undefined;
      arm();
      deps.logger.info(
        { cron: armedCron, nextRunAt: nextRunIso() },
        'reconciliation schedule changed',
      );
    },
    nextRunAt: () => dueAt,
    view: () => ({
      cron: armedCron ?? currentCron() ?? null,
      nextRunAt: running ? nextRunIso() : null,
      error: running ? cronError : null,
    }),
  };
}
