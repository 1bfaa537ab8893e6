/**
 * Watches the Okta SDK's responses (its request executor emits `request` and `response`)
 * for the users endpoints' `X-Rate-Limit-*` headers, and makes the reconciliation wait for
 * the window to reset before the remaining budget falls into the reserve kept for the
 * real-time sync. Also counts the requests, for the run's statistics.
 */

interface ObservedResponse {
  url?: string;
  headers: { get(name: string): string | null };
}

export interface RequestEvents {
  on(event: 'request' | 'response', listener: (arg: never) => void): unknown;
  off(event: 'request' | 'response', listener: (arg: never) => void): unknown;
}

export interface RateWindow {
  limit: number;
  remaining: number;
  /** Epoch milliseconds. */
  resetAt: number;
}

export interface OktaRateGate {
  /** Waits, when the last known budget is down to the reserve, until it resets. */
  wait(): Promise<void>;
  window(): RateWindow | undefined;
  /** Requests to /api/v1/users seen so far. */
  requests(): number;
  /** Milliseconds spent waiting so far. */
  waitedMs(): number;
  detach(): void;
}

const USERS_PATH = '/api/v1/users';

function isUsersCall(url: string | undefined): boolean {
  if (!url) return false;
  try {
    return new URL(url).pathname.startsWith(USERS_PATH);
  } catch {
    return false;
  }
}

export function createOktaRateGate(deps: {
  events: RequestEvents;
  reservePercent: () => number;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Upper bound of one wait (a reset header far in the future is not trusted). */
  maxWaitMs?: number;
}): OktaRateGate {
  let current: RateWindow | undefined;
  let count = 0;
  let waited = 0;
  const maxWaitMs = deps.maxWaitMs ?? 120_000;

  const onRequest = (request: { url?: string }) => {
    if (isUsersCall(request.url)) count += 1;
  };
  const onResponse = (response: ObservedResponse) => {
    if (!isUsersCall(response.url)) return;
    const limit = Number(response.headers.get('x-rate-limit-limit'));
    const remaining = Number(response.headers.get('x-rate-limit-remaining'));
    const reset = Number(response.headers.get('x-rate-limit-reset'));
    if (!Number.isFinite(limit) || !Number.isFinite(remaining) || !Number.isFinite(reset)) return;
    if (response.headers.get('x-rate-limit-limit') === null) return;
    current = { limit, remaining, resetAt: reset * 1000 };
  };
  deps.events.on('request', onRequest as (arg: never) => void);
  deps.events.on('response', onResponse as (arg: never) => void);

  return {
    async wait() {
      if (!current) return;
      const reserve = Math.max(1, Math.ceil((current.limit * deps.reservePercent()) / 100));
      if (current.remaining > reserve) return;
      // One second of slack for the difference between Okta's clock and ours.
      const ms = Math.min(maxWaitMs, current.resetAt - deps.now().getTime() + 1000);
      current = undefined;
      if (ms <= 0) return;
      waited += ms;
      await deps.sleep(ms);
    },
    window: () => current,
    requests: () => count,
    waitedMs: () => waited,
    detach() {
      deps.events.off('request', onRequest as (arg: never) => void);
      deps.events.off('response', onResponse as (arg: never) => void);
    },
  };
}
