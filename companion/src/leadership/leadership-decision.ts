/** What one renewal attempt tells an instance about its leadership. Pure. */
export interface RenewalOutcome {
  /** The holder the lease answered with; undefined when the attempt failed (database down). */
  holder: string | null | undefined;
  /** Monotonic ms now, and when this instance last renewed its lease successfully. */
  now: number;
  lastRenewedAt: number | undefined;
}

export interface LeadershipDecision {
  leads: boolean;
  /** The leader as far as this instance knows; null when none, undefined when unknown. */
  leader: string | null | undefined;
}

/**
 * An instance leads while its lease holds: it renewed now, or it could not reach the
 * database but its last renewal is younger than the lease's life minus a margin (one renewal
 * interval), so it steps down before another instance can take the expired lease over.
 */
export function decideLeadership(
  self: string,
  outcome: RenewalOutcome,
  timing: { ttlMs: number; renewMs: number },
): LeadershipDecision {
  if (outcome.holder !== undefined) {
    return { leads: outcome.holder === self, leader: outcome.holder };
  }
  const fresh =
    outcome.lastRenewedAt !== undefined &&
    outcome.now - outcome.lastRenewedAt < timing.ttlMs - timing.renewMs;
  return { leads: fresh, leader: fresh ? self : undefined };
}
