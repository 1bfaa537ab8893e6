import { Hono } from 'hono';
import type { ScheduleView } from '../../reconciliation/scheduler.js';
import type { ReconciliationService } from '../../reconciliation/types.js';
import type { Store } from '../../store/types.js';
import type { SyncConfigSource } from '../../workflows/sync-config-source.js';
import { readGuardView, type GuardViewDeps } from '../../services/guard-view.js';
import {
  buildHealthSnapshot,
  countFailures,
  type ChannelState,
  type InstanceView,
  type LastPoll,
} from '../../services/health-snapshot.js';
import { recentEvents } from '../../services/recent-events.js';
import type { ApiEnv } from './api-env.js';

export interface HealthRouteDeps extends GuardViewDeps {
  store: Pick<Store, 'jobs' | 'audit' | 'inbox'>;
  syncConfig: SyncConfigSource;
  reconciliations: Pick<ReconciliationService, 'current'>;
  pollerState: () => LastPoll;
  channelStates: () => Record<string, ChannelState>;
  /** The reconciliation schedule and its next run, when the companion schedules runs. */
  schedule?: (() => ScheduleView) | undefined;
  leadership?: (() => InstanceView) | undefined;
}

/** `health`: one snapshot of everything the setup page's health card shows. */
export function healthRoutes(deps: HealthRouteDeps) {
  return new Hono<ApiEnv>().get('/', async (c) =>
    c.json(
      await buildHealthSnapshot({
        queueCounts: () => deps.store.jobs.counts(),
        oldestPendingAgeMs: () => deps.store.jobs.oldestPendingAge(),
        channels: deps.channelStates,
        lastPoll: deps.pollerState,
        guard: () => readGuardView(deps),
        config: () => deps.syncConfig.state(),
        reconciliation: () => deps.reconciliations.current(),
        schedule: deps.schedule,
        instance: deps.leadership,
        lastEvents: () => recentEvents(deps.store.inbox),
        failedSince: (from, to) => countFailures(deps.store.audit, from, to),
        now: deps.now,
      }),
    ),
  );
}
