import type { JobHandler, JobOutcome } from '../queue/worker.js';
import type { GrantJobPayload } from '../queue/salesforce-job-kinds.js';
import { subjectId } from '../queue/salesforce-job-kinds.js';
import type { GrantWorkflow } from './grant-service.js';

/** Job handlers of workflow 5: `grant-apply` (REQUESTED grants found by the sweep) and `grant-expiry` (timers). */

function grantIdOf(job: Parameters<JobHandler>[0][number]): string {
  const payload = job.events.at(-1)?.payload as Partial<GrantJobPayload> | undefined;
  return payload?.grantId ?? subjectId(job.subjectKey);
}

function perJob(run: (grantId: string) => Promise<unknown>): JobHandler {
  return async (jobs) => {
    const outcomes: JobOutcome[] = [];
    for (const job of jobs) {
      try {
        await run(grantIdOf(job));
        outcomes.push({ jobId: job.id, status: 'done' });
      } catch (error) {
        outcomes.push({ jobId: job.id, status: 'failed', error });
      }
    }
    return outcomes;
  };
}

export const createGrantApplyHandler = (
  grants: Pick<GrantWorkflow, 'applyRequested'>,
): JobHandler => perJob((id) => grants.applyRequested(id));

export const createGrantExpiryHandler = (grants: Pick<GrantWorkflow, 'expire'>): JobHandler =>
  perJob((id) => grants.expire(id));
