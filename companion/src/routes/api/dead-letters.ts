import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import {
  createDeadLetterReplay,
  type DeadLetterReplayDeps,
} from '../../services/dead-letter-replay.js';
import { usersOfJobs, type JobUser, type JobUserDeps } from '../../services/job-subjects.js';
import type { DeadLetter } from '../../store/types.js';
import type { ApiEnv } from './api-env.js';
import { limitParam } from './query-schemas.js';

export type DeadLetterRouteDeps = DeadLetterReplayDeps & JobUserDeps;

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

function toItem(d: DeadLetter, user: JobUser | null) {
  return {
    id: d.id,
    kind: d.kind,
    subjectKey: d.subjectKey,
    /** The Okta user the job was about, by name and login; null for other subjects. */
    user,
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
  const replays = createDeadLetterReplay(deps);
  const requestOf = (c: { get(key: 'requestId' | 'actor'): string | undefined }) => ({
    actor: c.get('actor'),
    correlationId: c.get('requestId') ?? '',
  });

  return new Hono<ApiEnv>()
    .get('/', validate('query', listQuery), async (c) => {
      const { limit, after } = c.req.valid('query');
      const page = await deps.deadLetters.list({
        limit,
        ...(after === undefined ? {} : { after }),
      });
      const users = await usersOfJobs(deps, page.items);
      return c.json({
        items: page.items.map((item, i) => toItem(item, users[i] ?? null)),
        ...(page.next === undefined ? {} : { next: page.next }),
      });
    })
    .post('/replay-all', async (c) => c.json({ replayed: await replays.replayAll(requestOf(c)) }))
    .post('/:id/replay', validate('param', idParams), async (c) =>
      c.json({ jobId: await replays.replay(c.req.valid('param').id, requestOf(c)) }),
    );
}
