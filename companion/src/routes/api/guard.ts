import { Hono } from 'hono';
import { z } from 'zod';
import { validate } from '../../http/validation.js';
import type { Logger } from '../../logger.js';
import type { AuditJournal } from '../../store/types.js';
import type { GuardService } from '../../workflows/guard-service.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import { recordAction } from './action-journal.js';
import type { ApiEnv } from './api-env.js';
import { configIfLoaded, requireConfig } from './current-config.js';
import { guardView, type GuardView } from './guard-view.js';

export interface GuardRouteDeps {
  guard: GuardService;
  syncConfig: SyncConfigSource;
  journal: AuditJournal;
  /** Linked Contacts, for the threshold; the threshold shows as null without it. */
  linkedContacts?: (() => Promise<number>) | undefined;
  logger: Logger;
  now: () => Date;
}

/** The guard's current view; a failing Contact count only hides the threshold. */
export async function readGuardView(deps: GuardRouteDeps): Promise<GuardView> {
  let linked: number | null = null;
  if (deps.linkedContacts) {
    try {
      linked = await deps.linkedContacts();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not count linked Contacts for the guard threshold');
    }
  }
  return guardView({
    state: deps.guard.state(),
    settings: configIfLoaded(deps.syncConfig)?.settings,
    linkedContacts: linked,
    now: deps.now(),
  });
}

/** `guard/release`: a person confirms the deactivations the blast-radius guard held back. */
export function guardRoutes(deps: GuardRouteDeps) {
  return new Hono<ApiEnv>().post('/release', validate('json', z.object({})), async (c) => {
    const before = deps.guard.state();
    deps.guard.release(requireConfig(deps.syncConfig));
    recordAction(deps.journal, {
      operation: 'guard-release',
      status: 'SUCCESS',
      at: deps.now(),
      correlationId: c.get('requestId'),
      actor: c.get('actor'),
      fieldChanges: [
        {
          object: 'BlastRadiusGuard',
          field: 'trippedAt',
          before: before.trippedAt === null ? null : new Date(before.trippedAt).toISOString(),
          after: null,
        },
      ],
    });
    return c.json({ guard: await readGuardView(deps) });
  });
}
