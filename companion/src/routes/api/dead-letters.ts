import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/app-error.js';
import { validate } from '../../http/validation.js';
import { userSubjectKey } from '../../intake/okta-events.js';
import type { AuditJournal, DeadLetter, DeadLetterStore } from '../../store/types.js';
import { recordAction } from '../../services/action-journal.js';
import type { ApiEnv } from './api-env.js';
import { limitParam } from './query-schemas.js';

const OKTA_USER_SUBJECT = userSubjectKey('');

export interface DeadLetterRouteDeps {
  deadLetters: DeadLetterStore;
  journal: AuditJournal;
  /** Tells the worker there is work now. */
  wake: () => void;
  now: () => Date;
}

const listQuery = z.object({
  limit: limitParam(200, 50),
  after: z.coerce.number({ error: 'after must be a number.' }).int().min(0).optional(),
});
const idParams = z.object({
  id: z.coerce
    .number({ error: 'Expected a dead letter id.' })
    .int()
    .positive('Expected a dead letter id.'),
});

function toItem(d: DeadLetter) {
  return {
    id: d.id,
    kind: d.kind,
    subjectKey: d.subjectKey,
    attempts: d.attempts,
    error: d.error,
    errorCode: d.errorCode,
    deadAt: d.deadAt,
    events: d.events.map((e) => ({
      eventId: e.eventId,
      eventType: e.eventType,
      occurredAt: e.occurredAt,
    })),
  };
}

/** `dead-letters`: jobs that failed for good, and their replay once the cause is fixed. */
export function deadLetterRoutes(deps: DeadLetterRouteDeps) {
  const journalReplay = (
    c: { get(key: 'requestId' | 'actor'): string | undefined },
    detail: string,
    subjectKey?: string,
  ) =>
    recordAction(deps.journal, {
      oktaUserId: subjectKey?.startsWith(OKTA_USER_SUBJECT)
        ? subjectKey.slice(OKTA_USER_SUBJECT.length)
        : undefined,
      operation: 'dead-letter-replay',
      status: 'SUCCESS',
      at: deps.now(),
      correlationId: c.get('requestId') ?? '',
      actor: c.get('actor'),
      fieldChanges: [{ object: 'DeadLetter', field: 'replayed', after: detail }],
    });

  return new Hono<ApiEnv>()
    .get('/', validate('query', listQuery), (c) => {
      const { limit, after } = c.req.valid('query');
      const page = deps.deadLetters.list({ limit, ...(after === undefined ? {} : { after }) });
      return c.json({
        items: page.items.map(toItem),
        ...(page.next === undefined ? {} : { next: page.next }),
      });
    })
    .post('/replay-all', (c) => {
      const replayed = deps.deadLetters.replayAll();
      if (replayed > 0) {
        journalReplay(c, `${replayed} dead letters`);
        deps.wake();
      }
      return c.json({ replayed });
    })
    .post('/:id/replay', validate('param', idParams), (c) => {
      const { id } = c.req.valid('param');
      const dead = deps.deadLetters.get(id);
      const jobId = dead ? deps.deadLetters.replay(id) : undefined;
      if (!dead || jobId === undefined) throw AppError.notFound(`No dead letter ${id}.`);
      journalReplay(
        c,
        `${dead.kind} ${dead.subjectKey} (dead letter ${id}, job ${jobId})`,
        dead.subjectKey,
      );
      deps.wake();
      return c.json({ jobId });
    });
}
