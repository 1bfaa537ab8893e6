import type { ReconciliationRun } from '../store/reconciliation-records.js';
import type { Alert } from './alerts.js';

/** What each alert says, in the words of the people who act on it. */

export function guardTrippedAlert(info: {
  threshold: number;
  inWindow: number;
  requested: number;
}): Alert {
  return {
    kind: 'guard-tripped',
    key: 'guard-tripped',
    title: 'Okta sync stopped deactivating Contacts',
    body: `${info.inWindow + info.requested} deactivations within the window exceed the limit of ${info.threshold}. Confirm them in the Okta Sync Setup page to continue.`,
  };
}

/** An alert for a run the guard refused or that failed; none for any other outcome. */
export function reconciliationAlert(
  run: Pick<ReconciliationRun, 'id' | 'status' | 'error'>,
): Alert | undefined {
  if (run.status !== 'REFUSED' && run.status !== 'FAILED') return undefined;
  return {
    kind: run.status === 'REFUSED' ? 'guard-tripped' : 'dead-letter',
    key: `reconciliation:${run.id}`,
    title:
      run.status === 'REFUSED'
        ? 'A reconciliation was refused by the blast-radius guard'
        : 'A reconciliation failed',
    body: run.error ?? `Run ${run.id}: review its plan in the Okta Sync Setup page.`,
  };
}

export function deadLetterAlert(
  job: { kind: string; subjectKey: string; attempts: number },
  error: { message: string },
): Alert {
  return {
    kind: 'dead-letter',
    key: `dead-letter:${job.kind}`,
    title: 'An Okta sync job failed for good',
    body: `${job.kind} for ${job.subjectKey} failed after ${job.attempts + 1} attempts: ${error.message}. Replay it from the Okta Sync Setup page once the cause is fixed.`,
  };
}
