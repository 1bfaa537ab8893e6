import { mulberry32 } from '../sandbox/seed.js';

/**
 * Which records a benchmark changes to make the two orgs drift apart, as days of ordinary
 * use would: profile edits in Okta, Contacts deleted in Salesforce, users deactivated in
 * Okta, and Contacts whose link was lost. Pure and deterministic for a given seed.
 */

export interface DriftCandidate {
  oktaUserId: string;
  contactId: string;
}

export interface DriftSpec {
  /** Share of the customers that drift, e.g. 0.05. */
  rate: number;
  /** Relative weights of the kinds of drift. */
  mix: Record<DriftKind, number>;
  seed: number;
}

export type DriftKind = 'profileChange' | 'missingContact' | 'deprovisioned' | 'unlinked';

export const DRIFT_KINDS: readonly DriftKind[] = [
  'profileChange',
  'missingContact',
  'deprovisioned',
  'unlinked',
];

export const DEFAULT_DRIFT: DriftSpec = {
  rate: 0.05,
  mix: { profileChange: 2, missingContact: 1, deprovisioned: 1, unlinked: 1 },
  seed: 7,
};

export type DriftPlan = Record<DriftKind, DriftCandidate[]>;

/** Picks disjoint candidates for each kind: round(rate × customers) in all, split by the mix. */
export function planDrift(
  candidates: readonly DriftCandidate[],
  customers: number,
  spec: DriftSpec,
): DriftPlan {
  const wanted = Math.min(candidates.length, Math.round(spec.rate * customers));
  const weights = DRIFT_KINDS.map((kind) => spec.mix[kind]);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.floor((wanted * w) / weightSum));
  // Whatever rounding left over goes to the first kinds.
  for (let i = 0; counts.reduce((a, b) => a + b, 0) < wanted; i++) {
    counts[i % counts.length] = (counts[i % counts.length] ?? 0) + 1;
  }
  const pool = [...candidates];
  const random = mulberry32(spec.seed);
  // Partial Fisher-Yates: the first `wanted` entries become a uniform sample.
  for (let i = 0; i < wanted; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j] as DriftCandidate, pool[i] as DriftCandidate];
  }
  const plan = {} as DriftPlan;
  let offset = 0;
  DRIFT_KINDS.forEach((kind, i) => {
    const n = counts[i] ?? 0;
    plan[kind] = pool.slice(offset, offset + n);
    offset += n;
  });
  return plan;
}
