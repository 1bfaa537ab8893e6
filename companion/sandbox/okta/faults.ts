/**
 * Fault injection, switchable per test: latency, error responses (429/500/503, fixed or
 * at a rate, optionally a limited number of times), dropped connections, and loss of
 * event hook deliveries.
 */

export type FaultStatus = 429 | 500 | 503;

export interface FaultSpec {
  /** `"GET /api/v1/users*"` or `"/api/v1/users/*"`; `*` matches any characters. */
  route: string;
  latencyMs?: number;
  status?: FaultStatus;
  dropConnection?: boolean;
  /** Probability (0..1) that the error or drop applies to a matching request; default 1. */
  rate?: number;
  /** How many matching requests the error or drop applies to; default unlimited. */
  times?: number;
  /** For 429: X-Rate-Limit-Reset relative to now, in seconds (default 0; −1 for an instant retry). */
  resetOffsetSeconds?: number;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  hits: number;
}

export type FaultAction =
  { kind: 'error'; status: FaultStatus; resetOffsetSeconds: number } | { kind: 'drop' };

function compileRoute(route: string): { method: string | undefined; pattern: RegExp } {
  const trimmed = route.trim();
  const space = trimmed.indexOf(' ');
  const method = space > 0 ? trimmed.slice(0, space).toUpperCase() : undefined;
  const path = space > 0 ? trimmed.slice(space + 1).trim() : trimmed;
  const escaped = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return { method, pattern: new RegExp(`^${escaped}$`) };
}

export class FaultRegistry {
  private faults: (ActiveFault & { matcher: ReturnType<typeof compileRoute> })[] = [];
  private nextId = 1;
  private hookLoss = 0;

  constructor(private readonly random: () => number = Math.random) {}

  add(spec: FaultSpec): ActiveFault {
    if (spec.status !== undefined && ![429, 500, 503].includes(spec.status)) {
      throw new Error(`unsupported fault status ${String(spec.status)}`);
    }
    const fault = { ...spec, id: this.nextId++, hits: 0, matcher: compileRoute(spec.route) };
    this.faults.push(fault);
    return this.view(fault);
  }

  latency(route: string, latencyMs: number): ActiveFault {
    return this.add({ route, latencyMs });
  }

  error(
    route: string,
    status: FaultStatus,
    options: { rate?: number; times?: number; resetOffsetSeconds?: number } = {},
  ): ActiveFault {
    return this.add({ route, status, ...options });
  }

  dropConnection(route: string, options: { rate?: number; times?: number } = {}): ActiveFault {
    return this.add({ route, dropConnection: true, ...options });
  }

  /** The next `count` hook event deliveries are lost (never sent). */
  dropHookDeliveries(count: number): void {
    this.hookLoss += Math.max(0, Math.floor(count));
  }

  /** Consumes one unit of hook loss; true when this delivery must be dropped. */
  takeHookLoss(): boolean {
    if (this.hookLoss <= 0) return false;
    this.hookLoss--;
    return true;
  }

  get pendingHookLoss(): number {
    return this.hookLoss;
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
    this.hookLoss = 0;
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => this.view(f));
  }

  /** Total latency to inject and the error/drop to apply (if any) for one request. */
  decide(method: string, path: string): { latencyMs: number; action: FaultAction | undefined } {
    let latencyMs = 0;
    let action: FaultAction | undefined;
    for (const fault of this.faults) {
      const { matcher } = fault;
      if (matcher.method !== undefined && matcher.method !== method.toUpperCase()) continue;
      if (!matcher.pattern.test(path)) continue;
      latencyMs += fault.latencyMs ?? 0;
      if (action || (fault.status === undefined && !fault.dropConnection)) continue;
      if (fault.times !== undefined && fault.hits >= fault.times) continue;
      if (this.random() >= (fault.rate ?? 1)) continue;
      fault.hits++;
      action = fault.dropConnection
        ? { kind: 'drop' }
        : {
            kind: 'error',
            status: fault.status ?? 500,
            resetOffsetSeconds: fault.resetOffsetSeconds ?? 0,
          };
    }
    return { latencyMs, action };
  }

  private view(fault: ActiveFault): ActiveFault {
    const { id, hits, route, latencyMs, status, dropConnection, rate, times, resetOffsetSeconds } =
      fault;
    return {
      id,
      hits,
      route,
      ...(latencyMs === undefined ? {} : { latencyMs }),
      ...(status === undefined ? {} : { status }),
      ...(dropConnection === undefined ? {} : { dropConnection }),
      ...(rate === undefined ? {} : { rate }),
      ...(times === undefined ? {} : { times }),
      ...(resetOffsetSeconds === undefined ? {} : { resetOffsetSeconds }),
    };
  }
}
