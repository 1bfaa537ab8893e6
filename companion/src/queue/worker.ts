import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Job, JobQueueStore } from '../store/types.js';
import { classifyError, type ErrorClassification } from './classify-error.js';
import { decideFailure } from './failure-decision.js';
import type { Logger } from '../logger.js';

export type JobOutcome =
  { jobId: number; status: 'done' } | { jobId: number; status: 'failed'; error: unknown };

/** Handles a batch of jobs of one kind and returns one outcome per job. */
export type JobHandler = (jobs: Job[]) => Promise<JobOutcome[]>;

export interface WorkerOptions {
  store: { jobs: JobQueueStore };
  handlers: Readonly<Record<string, JobHandler>>;
  logger: Logger;
  /** Batches handled at the same time. Default 4. */
  concurrency?: number;
  /** Jobs claimed at once; they are grouped by kind into handler calls. Default 50. */
  batchSize?: number;
  /** Default 60 s; renewed every third of it while a batch runs. */
  leaseMs?: number;
  /** Attempts before a job is dead-lettered (rate limits excepted). Default 8. */
  maxAttempts?: number;
  /** Longest wait between claims when idle. Default 1 s. */
  pollIntervalMs?: number;
  /**
   * While a batch is running, a claim that found less than a full batch is followed by the
   * next one only after this long, so that jobs arriving meanwhile go out together (one API
   * call for many users) rather than in a call each. An idle worker claims at once, and one
   * whose last claim was full claims again at once. Default 250 ms.
   */
  gatherMs?: number;
  backoff?: { baseMs?: number; maxMs?: number };
  now?: () => Date;
  random?: () => number;
  workerId?: string;
  onDeadLetter?: (job: Job, error: ErrorClassification) => void | Promise<void>;
  /** Each job's recorded outcome (for metrics); a lost lease records none. */
  onJobFinished?: (kind: string, outcome: 'done' | 'retried' | 'dead-letter') => void;
  /** Seconds a handler took over one batch of a kind, including a batch that threw. */
  onBatchRun?: (kind: string, seconds: number) => void;
}

export interface WorkerStats {
  workerId: string;
  running: boolean;
  inFlightBatches: number;
  inFlightJobs: number;
  claimed: number;
  completed: number;
  retried: number;
  deadLettered: number;
  /** Outcomes that could not be recorded because the lease had passed to someone else. */
  leaseLost: number;
}

export interface Worker {
  start(): void;
  /** Stops claiming; with `drain` (the default) resolves once in-flight batches finish. */
  stop(options?: { drain?: boolean }): Promise<void>;
  /** Claims now rather than at the next poll, e.g. after the inbox accepted events. */
  wake(): void;
  stats(): WorkerStats;
}

const MAX_ERROR_TEXT = 2000;

export function createWorker(options: WorkerOptions): Worker {
  const jobs = options.store.jobs;
  const { logger, handlers } = options;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const batchSize = Math.max(1, options.batchSize ?? 50);
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const gatherMs = Math.max(0, options.gatherMs ?? 250);
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const kinds = Object.keys(handlers);

  let running = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let gatherTimer: NodeJS.Timeout | undefined;
  /** When the last claim ran, and whether it filled a batch. */
  let lastClaim = { atMs: -Infinity, full: true };
  let wakePending = false;
  const inFlight = new Set<Promise<void>>();
  const counters = { claimed: 0, completed: 0, retried: 0, deadLettered: 0, leaseLost: 0, jobs: 0 };

  async function schedulePoll(): Promise<void> {
    if (!running) return;
    let delay = pollIntervalMs;
    try {
      const next = await jobs.nextAvailableAt();
      if (next) delay = Math.min(delay, Math.max(0, next.getTime() - now().getTime()));
    } catch {
      // The poll itself will report a store failure.
    }
    clearTimeout(pollTimer);
    if (running) pollTimer = setTimeout(() => void pump(), delay);
  }

  let pumping: Promise<void> | undefined;
  let pumpAgain = false;

  /**
   * Claims while there are free slots and due jobs. One pump runs at a time (a claim is
   * awaited, and two pumps could both see a free slot); a request meanwhile makes it go round
   * once more.
   */
  function pump(): Promise<void> {
    if (!running) return Promise.resolve();
    if (pumping) {
      pumpAgain = true;
      return pumping;
    }
    pumping = (async () => {
      do {
        pumpAgain = false;
        await claimWhileFree();
      } while (pumpAgain && running);
      await schedulePoll();
    })().finally(() => {
      pumping = undefined;
    });
    return pumping;
  }

  /** Whether to leave jobs to gather a while longer (see gatherMs); schedules the claim. */
  function gathering(): boolean {
    if (inFlight.size === 0 || lastClaim.full) return false;
    const wait = lastClaim.atMs + gatherMs - now().getTime();
    if (wait <= 0) return false;
    gatherTimer ??= setTimeout(() => {
      gatherTimer = undefined;
      void pump();
    }, wait);
    return true;
  }

  async function claimWhileFree(): Promise<void> {
    try {
      while (running && inFlight.size < concurrency && !gathering()) {
        const claimed = await jobs.claim({ limit: batchSize, leaseMs, workerId, kinds });
        lastClaim = { atMs: now().getTime(), full: claimed.length >= batchSize };
        if (claimed.length === 0) break;
        counters.claimed += claimed.length;
        const unit: Promise<void> = runClaimed(claimed).finally(() => {
          inFlight.delete(unit);
          void pump();
        });
        inFlight.add(unit);
        if (claimed.length < batchSize) break;
      }
    } catch (error) {
      logger.error({ err: error, workerId }, 'claiming jobs failed');
    }
  }

  async function runClaimed(claimed: Job[]): Promise<void> {
    counters.jobs += claimed.length;
    const open = new Set(claimed.map((job) => job.id));
    const renew = setInterval(() => void renewLeases(open), Math.max(1, Math.floor(leaseMs / 3)));
    try {
      const runnable: Job[] = [];
      for (const job of claimed) {
        if (job.lastErrorCode === 'LEASE_EXPIRED' && job.attempts >= maxAttempts) {
          // Its earlier runs never finished (e.g. the process died each time): do not run it again.
          await fail(job, open, {
            kind: 'permanent',
            code: 'LEASE_EXPIRED',
            message: `abandoned ${job.attempts} times without finishing`,
          });
        } else {
          runnable.push(job);
        }
      }
      const byKind = new Map<string, Job[]>();
      for (const job of runnable) byKind.set(job.kind, [...(byKind.get(job.kind) ?? []), job]);
      await Promise.all([...byKind].map(([kind, batch]) => runBatch(kind, batch, open)));
    } finally {
      clearInterval(renew);
      counters.jobs -= claimed.length;
    }
  }

  async function renewLeases(open: Set<number>): Promise<void> {
    for (const jobId of open) {
      try {
        if (!(await jobs.extendLease(jobId, workerId, leaseMs))) {
          open.delete(jobId);
          counters.leaseLost += 1;
          logger.warn({ jobId, workerId }, 'lease lost while the job was running');
        }
      } catch (error) {
        logger.error({ err: error, jobId, workerId }, 'extending a lease failed');
      }
    }
  }

  async function runBatch(kind: string, batch: Job[], open: Set<number>): Promise<void> {
    const handler = handlers[kind];
    let outcomes: JobOutcome[];
    const started = performance.now();
    const reportTime = () => options.onBatchRun?.(kind, (performance.now() - started) / 1000);
    try {
      if (!handler) throw new Error(`no handler for job kind ${kind}`);
      outcomes = await handler(batch);
    } catch (error) {
      reportTime();
      // One job's permanent problem must not dead-letter the others of its batch.
      for (const job of batch) {
        const classified = classifyError(error, { now: now(), previousCode: job.lastErrorCode });
        await fail(
          job,
          open,
          classified.kind === 'permanent' ? { ...classified, kind: 'transient' } : classified,
        );
      }
      return;
    }
    reportTime();
    const byJob = new Map(outcomes.map((outcome) => [outcome.jobId, outcome]));
    await succeed(
      batch.filter((job) => byJob.get(job.id)?.status === 'done'),
      open,
    );
    for (const job of batch) {
      const outcome = byJob.get(job.id);
      if (!outcome) {
        await fail(job, open, {
          kind: 'transient',
          code: 'NO_OUTCOME',
          message: 'the handler returned no outcome for this job',
        });
      } else if (outcome.status === 'done') {
        continue;
      } else {
        await fail(
          job,
          open,
          classifyError(outcome.error, { now: now(), previousCode: job.lastErrorCode }),
        );
      }
    }
  }

  function leaseLost(job: Job, open: Set<number>, action: string): void {
    open.delete(job.id);
    counters.leaseLost += 1;
    logger.warn({ jobId: job.id, kind: job.kind, workerId }, `lease lost before ${action}`);
  }

  /** Completes the batch's successful jobs in one write. */
  async function succeed(done: readonly Job[], open: Set<number>): Promise<void> {
    if (done.length === 0) return;
    try {
      const completed = new Set(
        await jobs.completeMany(
          done.map((job) => job.id),
          workerId,
        ),
      );
      for (const job of done) {
        if (!completed.has(job.id)) {
          leaseLost(job, open, 'completion');
          continue;
        }
        open.delete(job.id);
        counters.completed += 1;
        options.onJobFinished?.(job.kind, 'done');
      }
    } catch (error) {
      logger.error(
        { err: error, jobIds: done.map((job) => job.id), workerId },
        'recording completed jobs failed',
      );
    }
  }

  async function fail(job: Job, open: Set<number>, classified: ErrorClassification): Promise<void> {
    const error = classified.message.slice(0, MAX_ERROR_TEXT);
    const failure =
      classified.code === undefined ? { error } : { error, errorCode: classified.code };
    const context = {
      jobId: job.id,
      kind: job.kind,
      subjectKey: job.subjectKey,
      attempts: job.attempts + 1,
      errorKind: classified.kind,
      code: classified.code,
    };
    try {
      const decision = decideFailure({
        previousAttempts: job.attempts,
        classification: classified,
        maxAttempts,
        now: now(),
        random,
        ...(options.backoff === undefined ? {} : { backoff: options.backoff }),
      });
      if (decision.action === 'retry') {
        if (
          !(await jobs.retry(job.id, workerId, { ...failure, availableAt: decision.availableAt }))
        ) {
          return leaseLost(job, open, 'retry');
        }
        open.delete(job.id);
        counters.retried += 1;
        options.onJobFinished?.(job.kind, 'retried');
        logger.info({ ...context, delayMs: decision.delayMs, error }, 'job failed, will retry');
        return;
      }
      if ((await jobs.deadLetter(job.id, workerId, failure)) === undefined) {
        return leaseLost(job, open, 'dead-lettering');
      }
      open.delete(job.id);
      counters.deadLettered += 1;
      options.onJobFinished?.(job.kind, 'dead-letter');
      logger.warn({ ...context, reason: decision.reason, error }, 'job dead-lettered');
    } catch (storeError) {
      logger.error({ err: storeError, ...context }, 'recording a failed job failed');
      return;
    }
    try {
      await options.onDeadLetter?.(job, classified);
    } catch (hookError) {
      logger.error({ err: hookError, jobId: job.id }, 'dead letter notification failed');
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      logger.info({ workerId, kinds, concurrency, batchSize }, 'queue worker started');
      setImmediate(() => void pump());
    },
    async stop({ drain = true } = {}) {
      running = false;
      clearTimeout(pollTimer);
      clearTimeout(gatherTimer);
      gatherTimer = undefined;
      // A claim under way still hands its jobs to inFlight before the pump ends.
      await pumping;
      if (drain) await Promise.allSettled([...inFlight]);
      logger.info({ workerId, drained: drain }, 'queue worker stopped');
    },
    wake() {
      if (!running || wakePending) return;
      wakePending = true;
      setImmediate(() => {
        wakePending = false;
        void pump();
      });
    },
    stats: () => ({
      workerId,
      running,
      inFlightBatches: inFlight.size,
      inFlightJobs: counters.jobs,
      claimed: counters.claimed,
      completed: counters.completed,
      retried: counters.retried,
      deadLettered: counters.deadLettered,
      leaseLost: counters.leaseLost,
    }),
  };
}
