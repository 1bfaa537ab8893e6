import type { AuditJournal } from '../store/types.js';
import type { GuardService } from '../workflows/guard-service.js';
import type { SyncConfigSource } from '../workflows/sync-config-source.js';
import { recordAction } from './action-journal.js';
import { requireConfig } from './current-config.js';

/** A person confirms the deactivations the blast-radius guard held back; journaled as theirs. */
export async function releaseGuard(
  deps: {
    guard: Pick<GuardService, 'state' | 'release'>;
    syncConfig: SyncConfigSource;
    journal: AuditJournal;
    now: () => Date;
  },
  request: { actor: string | undefined; correlationId: string },
): Promise<void> {
  const before = await deps.guard.state();
  await deps.guard.release(requireConfig(deps.syncConfig));
  await recordAction(deps.journal, {
    operation: 'guard-release',
    status: 'SUCCESS',
    at: deps.now(),
    correlationId: request.correlationId,
    actor: request.actor,
    fieldChanges: [
      {
        object: 'BlastRadiusGuard',
        field: 'trippedAt',
        before: before.trippedAt === null ? null : new Date(before.trippedAt).toISOString(),
        after: null,
      },
    ],
  });
}
