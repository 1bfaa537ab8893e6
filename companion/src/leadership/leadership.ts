import type { Logger } from '../logger.js';
import type { LeaderLease } from '../store/leader-lease.js';
import { decideLeadership } from './leadership-decision.js';

/**
 * Which instance runs the singleton work (the System Log poller, the CDC subscriptions, the
 * reconciliation schedule, grant expiry, the audit mirror). Every instance serves hooks, the
 * API and health and works the queue; only the leader runs these.
 */
export interface LeadershipView {
  instanceId: string;
  /** The leading instance's id; null when none leads (e.g. during a takeover). */
  leader: string | null;
  isLeader: boolean;
  /** ISO 8601, when this instance became leader; null when it does not lead. */
  leaderSince: string | null;
  /** 'single-instance': the embedded store, always leader; 'lease': elected through PostgreSQL. */
  election: 'single-instance' | 'lease';
}

export interface Leadership {
  view(): LeadershipView;
  isLeader(): boolean;
  start(): void;
  /** Stops the singleton work if this instance leads; the lease is kept until `release`. */
  stop(): Promise<void>;
  /** Gives the lease up (after a final flush), so another instance takes over at once. */
  release(): Promise<void>;
}

export interface SingletonWork {
  start(): void;
  stop(): Promise<void>;
}

/** The embedded store's single instance: leader from start to stop. */
export function createSingleInstanceLeadership(deps: {
  instanceId: string;
  work: SingletonWork;
  now?: () => Date;
}): Leadership {
  const now = deps.now ?? (() => new Date());
  let since: Date | undefined;
  return {
    view: () => ({
      instanceId: deps.instanceId,
      leader: deps.instanceId,
      isLeader: since !== undefined,
      leaderSince: since?.toISOString() ?? null,
      election: 'single-instance',
    }),
    isLeader: () => since !== undefined,
    start() {
      if (since) return;
      since = now();
      deps.work.start();
    },
    async stop() {
      if (!since) return;
      since = undefined;
      await deps.work.stop();
    },
    release: async () => undefined,
  };
}

/** Lease life and renewal: a killed leader is replaced within ttl + renew (20 s). */
export const LEADER_LEASE_TTL_MS = 15_000;
export const LEADER_RENEW_MS = 5_000;

/**
 * Leadership through a lease row: every `renewMs` the instance takes or renews the lease;
 * it starts the singleton work when it wins and stops it when it loses, or when it cannot
 * reach the database long enough that another instance may take the lease.
 */
export function createLeaseLeadership(deps: {
  instanceId: string;
  lease: LeaderLease;
  work: SingletonWork;
  logger: Logger;
  ttlMs?: number;
  renewMs?: number;
  now?: () => Date;
  monotonic?: () => number;
  /** The leader expired the queue leases of instances that went silent (their jobs are free). */
  onSilentLeasesExpired?: (count: number) => void;
}): Leadership {
  const timing = {
    ttlMs: deps.ttlMs ?? LEADER_LEASE_TTL_MS,
    renewMs: deps.renewMs ?? LEADER_RENEW_MS,
  };
  const now = deps.now ?? (() => new Date());
  const monotonic = deps.monotonic ?? (() => performance.now());
  const self = deps.instanceId;
  let leader: string | null = null;
  let since: Date | undefined;
  let lastRenewedAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  // Start and stop of the work take turns, in the order the decisions were made.
  let transition: Promise<void> = Promise.resolve();
  let tick: Promise<void> | undefined;

  const become = (leads: boolean) => {
    if (leads === (since !== undefined)) return;
    if (leads) {
      since = now();
      deps.logger.info(
        { instanceId: self },
        'this instance now leads: starting the singleton work',
      );
      transition = transition
        .then(() => deps.work.start())
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'starting the singleton work failed');
        });
    } else {
      since = undefined;
      deps.logger.warn(
        { instanceId: self },
        'this instance no longer leads: stopping the singleton work',
      );
      transition = transition
        .then(() => deps.work.stop())
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'stopping the singleton work failed');
        });
    }
  };

  const renew = async () => {
    let holder: string | null | undefined;
    try {
      await deps.lease.heartbeat(self);
      holder = await deps.lease.acquire(self, timing.ttlMs);
      if (holder === self) lastRenewedAt = monotonic();
    } catch (error) {
      deps.logger.warn({ err: error }, 'could not renew the leader lease; will retry');
    }
    // An instance silent as long as a leader may be is gone: its jobs need not wait out their
    // queue leases (60 s) to be claimed again.
    if (holder === self) {
      try {
        const expired = await deps.lease.expireLeasesOfSilentInstances(
          timing.ttlMs + timing.renewMs,
        );
        if (expired > 0) {
          deps.logger.warn({ expired }, 'expired the queue leases of instances that went silent');
          deps.onSilentLeasesExpired?.(expired);
        }
      } catch (error) {
        deps.logger.warn({ err: error }, 'could not expire the leases of silent instances');
      }
    }
    if (!running) return;
    const decision = decideLeadership(self, { holder, now: monotonic(), lastRenewedAt }, timing);
    if (decision.leader !== undefined) leader = decision.leader;
    become(decision.leads);
  };

  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      tick = renew().finally(() => {
        tick = undefined;
        if (running) schedule(timing.renewMs);
      });
    }, delayMs);
  };

  return {
    view: () => ({
      instanceId: self,
      leader: since ? self : leader,
      isLeader: since !== undefined,
      leaderSince: since?.toISOString() ?? null,
      election: 'lease',
    }),
    isLeader: () => since !== undefined,
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await tick;
      become(false);
      await transition;
    },
    async release() {
      await deps.lease.release(self).catch((error: unknown) => {
        deps.logger.warn({ err: error }, 'could not release the leader lease; it will expire');
      });
    },
  };
}
