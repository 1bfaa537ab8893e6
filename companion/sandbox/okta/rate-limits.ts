/**
 * Okta-style rate limits: a per-minute budget per endpoint family (the window resets on
 * the minute), plus an org-wide cap on concurrent requests.
 */

export type RateFamily = 'users' | 'groups' | 'logs' | 'eventHooks' | 'oauth' | 'other';

export interface RateLimitConfig {
  users: number;
  groups: number;
  logs: number;
  eventHooks: number;
  oauth: number;
  other: number;
  /** Concurrent in-flight API requests allowed org-wide. */
  concurrency: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitConfig = {
  users: 600,
  groups: 500,
  logs: 120,
  eventHooks: 100,
  oauth: 600,
  other: 1200,
  concurrency: 75,
};

export function rateFamily(path: string): RateFamily {
  if (path.startsWith('/api/v1/users')) return 'users';
  if (path.startsWith('/api/v1/groups')) return 'groups';
  if (path.startsWith('/api/v1/logs')) return 'logs';
  if (path.startsWith('/api/v1/eventHooks')) return 'eventHooks';
  if (path.startsWith('/oauth2/')) return 'oauth';
  return 'other';
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch seconds when the budget resets. */
  reset: number;
}

export class RateLimiter {
  private readonly windows = new Map<RateFamily, { windowStart: number; used: number }>();
  private inFlight = 0;

  constructor(
    private config: RateLimitConfig,
    private readonly nowMs: () => number,
  ) {}

  configure(config: Partial<RateLimitConfig>): void {
    this.config = { ...this.config, ...config };
  }

  get limits(): RateLimitConfig {
    return { ...this.config };
  }

  reset(): void {
    this.windows.clear();
  }

  take(family: RateFamily): RateDecision {
    const now = this.nowMs();
    const windowStart = Math.floor(now / 60_000) * 60_000;
    let window = this.windows.get(family);
    if (!window || window.windowStart !== windowStart) {
      window = { windowStart, used: 0 };
      this.windows.set(family, window);
    }
    const limit = this.config[family];
    const reset = (windowStart + 60_000) / 1000;
    if (window.used >= limit) return { allowed: false, limit, remaining: 0, reset };
    window.used++;
    return { allowed: true, limit, remaining: limit - window.used, reset };
  }

  /** Claims a concurrency slot; false when the org is at its concurrent-request cap. */
  enter(): boolean {
    if (this.inFlight >= this.config.concurrency) return false;
    this.inFlight++;
    return true;
  }

  leave(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  get inFlightRequests(): number {
    return this.inFlight;
  }

  get concurrencyLimit(): number {
    return this.config.concurrency;
  }
}
