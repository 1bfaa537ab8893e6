import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { AuditJournal } from '../../store/types.js';
import type { GuardService } from '../../workflows/guard-service.js';
import { releaseGuard } from '../../services/guard-release.js';
import { readGuardView, type GuardViewDeps } from '../../services/guard-view.js';
import type { ApiEnv } from './api-env.js';

export interface GuardRouteDeps extends GuardViewDeps {
  guard: GuardService;
  journal: AuditJournal;
}

/** `guard/release`: a person confirms the deactivations the blast-radius guard held back. */
export function guardRoutes(deps: GuardRouteDeps) {
  return new Hono<ApiEnv>().post('/release', validate('json', z.object({})), async (c) => {
    releaseGuard(deps, { actor: c.get('actor'), correlationId: c.get('requestId') });
    return c.json({ guard: await readGuardView(deps) });
  });
}
