import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { AuditJournal } from '../../store/types.js';
import { listHeldChanges, type HeldChangeDeps } from '../../services/held-changes.js';
import type { GuardService } from '../../workflows/guard-service.js';
import { releaseGuard } from '../../services/guard-release.js';
import { readGuardView, type GuardViewDeps } from '../../services/guard-view.js';
import type { ApiEnv } from './api-env.js';
import { limitParam } from './query-schemas.js';

export interface GuardRouteDeps extends GuardViewDeps, HeldChangeDeps {
  guard: GuardService;
  journal: AuditJournal;
}

const heldQuery = z.object({ limit: limitParam(200, 50) });

/**
 * `guard/held`: the changes the blast-radius guard holds, with the users they deactivate;
 * `guard/release`: a person confirms them.
 */
export function guardRoutes(deps: GuardRouteDeps) {
  return new Hono<ApiEnv>()
    .get('/held', validate('query', heldQuery), async (c) =>
      c.json(await listHeldChanges(deps, c.req.valid('query').limit)),
    )
    .post('/release', validate('json', z.object({})), async (c) => {
      await releaseGuard(deps, { actor: c.get('actor'), correlationId: c.get('requestId') });
      return c.json({ guard: await readGuardView(deps) });
    });
}
