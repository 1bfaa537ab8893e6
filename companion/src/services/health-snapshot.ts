import type { ConfigProblem } from '../mapping/types.js';
import type { ScheduleView } from '../reconciliation/scheduler.js';
import type { ReconciliationRun } from '../reconciliation/types.js';
import type { AuditJournal, QueueCounts } from '../store/types.js';
import type { GuardView } from './guard-view.js';
import type { RecentEvent } from './recent-events.js';

export interface ChannelState {
  /** 'connected' when healthy; anything else degrades the health. */
  state: string;
  lagSeconds: number | null;
  lastEventAt: string | null;
}

/** The System Log poller's last poll, as `SystemLogPoller.lastPoll()` reports it. */
export type LastPoll = { at: Date; error?: string } | undefined;

/** This instance, and which instance leads (runs the poller, CDC, schedules, the mirror). */
export interface InstanceView {
  instanceId: string;
  leader: string | null;
  isLeader: boolean;
  leaderSince: string | null;
  election: 'single-instance' | 'lease';
}

export interface HealthSnapshot {
  status: 'ok' | 'degraded';
  queue: {
    pending: number;
    leased: number;
    delayed: number;
    deadLetters: number;
    lagSeconds: number;
  };
  channels: Record<string, ChannelState>;
  poller: { lastPollAt: string | null; lastError: string | null };
  lastEvents: RecentEvent[];
  errors: { deadLetters: number; failedLastHour: number };
  guard: GuardView;
  config: { loadedAt: string | null; problems: readonly ConfigProblem[]; lastError: string | null };
  reconciliation: ReconciliationRun | null;
  /** The reconciliation schedule and its next run; null when the companion runs none. */
  schedule: ScheduleView | null;
  /** Absent when the companion does not report it (tests without instances). */
  instance?: InstanceView;
}

export interface HealthProviders {
  queueCounts: () => Promise<QueueCounts>;
  oldestPendingAgeMs: () => Promise<number>;
  channels: () => Record<string, ChannelState>;
  lastPoll: () => LastPoll;
  guard: () => Promise<GuardView>;
  config: () => {
    loadedAt: string | undefined;
    problems: readonly ConfigProblem[];
    lastError: string | undefined;
  };
  reconciliation: () => ReconciliationRun | undefined;
  schedule?: (() => ScheduleView) | undefined;
  instance?: (() => InstanceView) | undefined;
  lastEvents: () => Promise<RecentEvent[]>;
  failedSince: (since: Date, until: Date) => Promise<number>;
  now: () => Date;
}

const HOUR_MS = 60 * 60_000;

/** Journal entries in the range whose final status is a failure. Reads the range page by page. */
export async function countFailures(journal: AuditJournal, from: Date, to: Date): Promise<number> {
  let failed = 0;
  for await (const entry of journal.iterate({ from, to, pageSize: 500 })) {
    if (entry.status === 'FAILED' || entry.status === 'DEAD_LETTER') failed += 1;
  }
  return failed;
}

/** Pure: degraded when something needs a person's attention. */
export function healthStatus(snapshot: Omit<HealthSnapshot, 'status'>): 'ok' | 'degraded' {
  const degraded =
    snapshot.queue.deadLetters > 0 ||
    snapshot.guard.tripped ||
    snapshot.config.problems.length > 0 ||
    snapshot.config.lastError !== null ||
    // Another instance holds the subscriptions while this one does not lead.
    ((snapshot.instance?.election !== 'lease' || snapshot.instance.isLeader) &&
      Object.values(snapshot.channels).some((channel) => channel.state !== 'connected'));
  return degraded ? 'degraded' : 'ok';
}

export async function buildHealthSnapshot(p: HealthProviders): Promise<HealthSnapshot> {
  const now = p.now();
  const counts = await p.queueCounts();
  const poll = p.lastPoll();
  const config = p.config();
  const parts: Omit<HealthSnapshot, 'status'> = {
    queue: {
      pending: counts.pending,
      leased: counts.leased,
      delayed: counts.delayed,
      deadLetters: counts.deadLetters,
      lagSeconds: Math.round((await p.oldestPendingAgeMs()) / 100) / 10,
    },
    channels: p.channels(),
    poller: { lastPollAt: poll ? poll.at.toISOString() : null, lastError: poll?.error ?? null },
    lastEvents: await p.lastEvents(),
    errors: {
      deadLetters: counts.deadLetters,
      failedLastHour: await p.failedSince(
        new Date(now.getTime() - HOUR_MS),
        new Date(now.getTime() + 1),
      ),
    },
    guard: await p.guard(),
    config: {
      loadedAt: config.loadedAt ?? null,
      problems: config.problems,
      lastError: config.lastError ?? null,
    },
    reconciliation: p.reconciliation() ?? null,
    schedule: p.schedule?.() ?? null,
    ...(p.instance ? { instance: p.instance() } : {}),
  };
  return { status: healthStatus(parts), ...parts };
}
