/**
 * How much of the real services' timing the emulated orgs reproduce.
 *
 * - `instant`: every write is visible at once, each event is delivered once, in order, at once.
 *   For fast unit-level checks.
 * - `realistic`: what Okta and Salesforce document — at-least-once, delayed and reordered event
 *   hook deliveries; a System Log that lags the hooks and returns events out of `published`
 *   order; an eventually consistent Okta `search`; Change Data Capture delivered after a lag,
 *   one transaction's events together; Bulk API 2.0 writes without the client tag in
 *   `changeOrigin`; `UNABLE_TO_LOCK_ROW` on concurrent writes under one Account. Lags are short
 *   (tens to hundreds of milliseconds) so the end-to-end suites stay fast; each is a knob.
 *
 * `SANDBOX_PROFILE=realistic|instant` selects one for `npm start` and `npm run sandbox`.
 */

/** A uniformly drawn duration, in milliseconds. */
export interface LagRange {
  readonly minMs: number;
  readonly maxMs: number;
}

export interface OktaTiming {
  /** Event hooks: each batch is POSTed after a lag drawn from this range, so batches reorder. */
  readonly hookDelay: LagRange;
  /** Event hooks: the chance that a batch is delivered a second time (after another lag). */
  readonly hookDuplicateRate: number;
  /** System Log: how long an event takes to become visible to polling (hooks see it at once). */
  readonly logPersistenceLag: LagRange;
  /** Users `search`: how long a write takes to become visible to it (filter and GET see it at once). */
  readonly searchLagMs: number;
}

export interface SalesforceTiming {
  /** CDC: each committed transaction's events are delivered together after this lag (in order). */
  readonly cdcLag: LagRange;
  /** Whether Bulk API 2.0 writes carry the `Sforce-Call-Options` client into `changeOrigin`. */
  readonly bulk2ClientInChangeOrigin: boolean;
  /**
   * Row lock contention: a record whose parent Account was written by another transaction within
   * `windowMs` fails with UNABLE_TO_LOCK_ROW with this probability.
   */
  readonly parentLock: { readonly windowMs: number; readonly rate: number };
}

export interface SandboxProfile {
  readonly name: SandboxProfileName;
  readonly okta: OktaTiming;
  readonly salesforce: SalesforceTiming;
  /** Randomness of every draw (lags, duplicates, lock failures); seeded for reproducible runs. */
  readonly random: () => number;
}

export type SandboxProfileName = 'instant' | 'realistic';

const NO_LAG: LagRange = { minMs: 0, maxMs: 0 };

export const INSTANT_TIMING: { okta: OktaTiming; salesforce: SalesforceTiming } = {
  okta: { hookDelay: NO_LAG, hookDuplicateRate: 0, logPersistenceLag: NO_LAG, searchLagMs: 0 },
  salesforce: {
    cdcLag: NO_LAG,
    bulk2ClientInChangeOrigin: true,
    parentLock: { windowMs: 0, rate: 0 },
  },
};

/** The realistic profile's defaults: the documented behaviours, with lags scaled down for tests. */
export const REALISTIC_TIMING: { okta: OktaTiming; salesforce: SalesforceTiming } = {
  okta: {
    hookDelay: { minMs: 20, maxMs: 250 },
    hookDuplicateRate: 0.2,
    logPersistenceLag: { minMs: 100, maxMs: 600 },
    searchLagMs: 300,
  },
  salesforce: {
    cdcLag: { minMs: 50, maxMs: 250 },
    bulk2ClientInChangeOrigin: false,
    parentLock: { windowMs: 50, rate: 0.25 },
  },
};

export interface SandboxProfileOverrides {
  readonly okta?: Partial<OktaTiming>;
  readonly salesforce?: Partial<SalesforceTiming>;
  /** Seed of the profile's random draws (default 1). */
  readonly seed?: number;
}

/** A profile by name, with any knob overridden. */
export function sandboxProfile(
  name: SandboxProfileName,
  overrides: SandboxProfileOverrides = {},
): SandboxProfile {
  const base = name === 'realistic' ? REALISTIC_TIMING : INSTANT_TIMING;
  return {
    name,
    okta: { ...base.okta, ...overrides.okta },
    salesforce: { ...base.salesforce, ...overrides.salesforce },
    random: seededRandom(overrides.seed ?? 1),
  };
}

/** The profile named by `SANDBOX_PROFILE` (default `fallback`); a clear error for anything else. */
export function profileFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  fallback: SandboxProfileName = 'instant',
): SandboxProfile {
  const raw = env['SANDBOX_PROFILE']?.trim();
  if (raw === undefined || raw === '') return sandboxProfile(fallback);
  if (raw !== 'instant' && raw !== 'realistic') {
    throw new Error(`SANDBOX_PROFILE must be "realistic" or "instant", not "${raw}".`);
  }
  return sandboxProfile(raw);
}

/** A draw from a lag range. */
export function drawLag(range: LagRange, random: () => number): number {
  if (range.maxMs <= range.minMs) return range.minMs;
  return range.minMs + Math.floor(random() * (range.maxMs - range.minMs + 1));
}

/** mulberry32: a small, fast, seedable generator (reproducible lags and duplicates). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The profile of the end-to-end, crash and property suites: realistic, unless `SANDBOX_PROFILE`
 * names another (e.g. `SANDBOX_PROFILE=instant` to tell a timing problem from a logic one).
 */
export function endToEndProfile(overrides: SandboxProfileOverrides = {}): SandboxProfile {
  const named = profileFromEnv(process.env, 'realistic').name;
  return sandboxProfile(named, overrides);
}
