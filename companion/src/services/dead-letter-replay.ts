import { notFound } from '../errors/domain-errors.js';
import { userSubjectKey } from '../intake/okta-events.js';
import type { AuditJournal, DeadLetterStore } from '../store/types.js';
import { recordAction } from './action-journal.js';

const OKTA_USER_SUBJECT = userSubjectKey('');

export interface DeadLetterReplayDeps {
  deadLetters: DeadLetterStore;
  journal: AuditJournal;
  /** Tells the worker there is work now. */
  wake: () => void;
  now: () => Date;
}

export interface ReplayRequest {
  actor: string | undefined;
  correlationId: string;
}

/** Puts dead letters back on the queue once their cause is fixed; journals who replayed what. */
export function createDeadLetterReplay(deps: DeadLetterReplayDeps) {
  const journalReplay = (request: ReplayRequest, detail: string, subjectKey?: string) =>
    recordAction(deps.journal, {
      oktaUserId: subjectKey?.startsWith(OKTA_USER_SUBJECT)
        ? subjectKey.slice(OKTA_USER_SUBJECT.length)
        : undefined,
      operation: 'dead-letter-replay',
      status: 'SUCCESS',
      at: deps.now(),
      correlationId: request.correlationId,
      actor: request.actor,
      fieldChanges: [{ object: 'DeadLetter', field: 'replayed', after: detail }],
    });

  return {
    /** How many dead letters were queued again. */
    async replayAll(request: ReplayRequest): Promise<number> {
      const replayed = await deps.deadLetters.replayAll();
      if (replayed > 0) {
        await journalReplay(request, `${replayed} dead letters`);
        deps.wake();
      }
      return replayed;
    },
    /** The new job's id; `not-found` when there is no such dead letter. */
    async replay(id: number, request: ReplayRequest): Promise<number> {
      const dead = await deps.deadLetters.get(id);
      const jobId = dead ? await deps.deadLetters.replay(id) : undefined;
      if (!dead || jobId === undefined) throw notFound(`No dead letter ${id}.`);
      await journalReplay(
        request,
        `${dead.kind} ${dead.subjectKey} (dead letter ${id}, job ${jobId})`,
        dead.subjectKey,
      );
      deps.wake();
      return jobId;
    },
  };
}
