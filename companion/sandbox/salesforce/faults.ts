/** Errors the emulator can inject, each answered the way Salesforce answers it. */
export type FaultError =
  | 'SERVER_UNAVAILABLE'
  | 'UNABLE_TO_LOCK_ROW'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'INVALID_SESSION_ID'
  | 'DROP_CONNECTION';

export interface FaultRule {
  /**
   * Route the rule applies to: matched against `METHOD path`, where path is the request
   * path after `/services/data/vNN.N/` (e.g. `composite/sobjects`, `sobjects/Contact/003…`,
   * `query`, `jobs/ingest/750…/batches`) or `oauth2/token`. `*` matches any run of characters.
   * Without a method the rule applies to every method. Example: `PATCH composite/sobjects*`.
   */
  readonly route: string;
  /** Added delay before the request is handled. */
  readonly latencyMs?: number;
  readonly error?: FaultError;
  /** Apply to the next N matching calls only (default: every call). */
  readonly times?: number;
  /** Probability in [0, 1] that a matching call is affected (default 1). */
  readonly rate?: number;
}

export interface FaultDecision {
  readonly latencyMs: number;
  readonly error: FaultError | undefined;
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly method: string | undefined;
  readonly pattern: RegExp;
  remaining: number;
}

function compileRoute(route: string): { method: string | undefined; pattern: RegExp } {
  const match = /^(GET|POST|PUT|PATCH|DELETE|HEAD)\s+(.*)$/i.exec(route.trim());
  const path = (match ? (match[2] ?? '') : route.trim()).replace(/^\/+/, '');
  const source = path
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return { method: match?.[1]?.toUpperCase(), pattern: new RegExp(`^${source}$`) };
}

/** Fault injection switchable per test: latency, errors for N calls or at a rate, dropped connections. */
export class Faults {
  #rules: ActiveRule[] = [];

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): void {
    const { method, pattern } = compileRoute(rule.route);
    this.#rules.push({ rule, method, pattern, remaining: rule.times ?? Infinity });
  }

  clear(): void {
    this.#rules = [];
  }

  list(): readonly FaultRule[] {
    return this.#rules.map((r) => r.rule);
  }

  /** Decides what happens to one call; consumes `times` of the rules that fire. */
  decide(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    let error: FaultError | undefined;
    for (const active of this.#rules) {
      if (active.remaining <= 0) continue;
      if (active.method && active.method !== method.toUpperCase()) continue;
      if (!active.pattern.test(path)) continue;
      if (active.rule.rate !== undefined && this.random() >= active.rule.rate) continue;
      active.remaining--;
      latencyMs += active.rule.latencyMs ?? 0;
      error ??= active.rule.error;
    }
    this.#rules = this.#rules.filter((r) => r.remaining > 0);
    return { latencyMs, error };
  }
}
