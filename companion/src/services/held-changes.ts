import type { JobQueueStore } from '../store/types.js';
import { GUARD_HELD } from '../workflows/okta-user-sync.js';
import { usersOfJobs, type JobUser, type JobUserDeps } from './job-subjects.js';

/** A change the blast-radius guard holds until a person confirms the deactivations. */
export interface HeldChange {
  jobId: number;
  kind: string;
  subjectKey: string;
  user: JobUser | null;
  /** When the change was queued (ISO 8601). */
  queuedAt: string;
  /** Why it waits, as the workflow said it. */
  reason: string | null;
}

export interface HeldChangeDeps extends JobUserDeps {
  jobs: Pick<JobQueueStore, 'waiting'>;
}

/** How many changes the blast-radius guard holds. */
export async function countHeldChanges(jobs: Pick<JobQueueStore, 'waiting'>): Promise<number> {
  return (await jobs.waiting(GUARD_HELD, 0)).total;
}

/** The held changes, oldest first, at most `limit`, with the users they deactivate by name. */
export async function listHeldChanges(
  deps: HeldChangeDeps,
  limit: number,
): Promise<{ total: number; items: HeldChange[] }> {
  const { total, jobs } = await deps.jobs.waiting(GUARD_HELD, limit);
  const users = await usersOfJobs(deps, jobs);
  return {
    total,
    items: jobs.map((job, i) => ({
      jobId: job.id,
      kind: job.kind,
      subjectKey: job.subjectKey,
      user: users[i] ?? null,
      queuedAt: job.createdAt,
      reason: job.lastError,
    })),
  };
}
