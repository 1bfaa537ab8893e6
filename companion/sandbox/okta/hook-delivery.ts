/**
 * Event hook delivery as Okta does it: events whose type a hook subscribes to are
 * batched (a short linger collects several), POSTed in the event hook envelope with the
 * hook's auth and custom headers, 3 s timeout, one retry on timeout or 5xx, no retry on
 * 4xx. Best effort: failures are counted, not re-queued. With a delay or a duplicate rate
 * (the realistic profile), delivery is at least once: batches travel concurrently after their
 * own lags (so they arrive out of order) and some are delivered twice.
 */
import { drawLag, type LagRange } from '../profile.js';
import type { FaultRegistry } from './faults.js';
import type { LogEvent } from './log-events.js';
import { uuid } from './okta-ids.js';
import type { EventHookRecord } from './state.js';

export interface HookDeliveryOptions {
  lingerMs: number;
  maxBatchSize: number;
  timeoutMs: number;
  /**
   * At least once (realistic profile): each batch is POSTed after a lag drawn from this range,
   * batches in flight at once, so they can arrive out of order. Zero: in order, at once.
   */
  delay: LagRange;
  /** The chance that a batch is delivered twice (the second time after another lag). */
  duplicateRate: number;
  random: () => number;
}

export const DEFAULT_HOOK_DELIVERY: HookDeliveryOptions = {
  lingerMs: 50,
  maxBatchSize: 50,
  timeoutMs: 3000,
  delay: { minMs: 0, maxMs: 0 },
  duplicateRate: 0,
  random: Math.random,
};

/** Counts are in events, except `requests` and `retries` (HTTP requests). */
export interface HookDeliveryStats {
  delivered: number;
  /** Events delivered a second time (at-least-once duplicates). */
  duplicated: number;
  failed: number;
  dropped: number;
  pending: number;
  requests: number;
  retries: number;
}

export interface EventHookEnvelope {
  eventType: 'com.okta.event_hook';
  eventTypeVersion: '1.0';
  cloudEventsVersion: '0.1';
  source: string;
  eventId: string;
  data: { events: LogEvent[] };
  eventTime: string;
  contentType: 'application/json';
}

export function buildEnvelope(
  hookId: string,
  events: LogEvent[],
  orgUrl: string,
  now: Date,
): EventHookEnvelope {
  return {
    eventType: 'com.okta.event_hook',
    eventTypeVersion: '1.0',
    cloudEventsVersion: '0.1',
    source: `${orgUrl}/api/v1/eventHooks/${hookId}`,
    eventId: uuid(),
    data: { events },
    eventTime: now.toISOString(),
    contentType: 'application/json',
  };
}

/** Headers Okta sends to the hook endpoint: custom headers, then the auth scheme header. */
export function hookHeaders(hook: EventHookRecord): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of hook.channel.config.headers) headers[h.key] = h.value;
  const auth = hook.channel.config.authScheme;
  if (auth) headers[auth.key] = auth.value;
  return headers;
}

export function isDeliverable(hook: EventHookRecord): boolean {
  return hook.status === 'ACTIVE' && hook.verificationStatus === 'VERIFIED';
}

type Outcome = 'ok' | 'client-error' | 'retryable';

interface HookQueue {
  events: LogEvent[];
  timer: NodeJS.Timeout | undefined;
  inFlight: boolean;
}

export class HookDelivery {
  private readonly queues = new Map<string, HookQueue>();
  private readonly controllers = new Set<AbortController>();
  private waiters: (() => void)[] = [];
  private counters = {
    delivered: 0,
    duplicated: 0,
    failed: 0,
    dropped: 0,
    requests: 0,
    retries: 0,
  };
  /** Delayed deliveries not yet made (realistic profile), with their event counts. */
  private readonly delayed = new Map<NodeJS.Timeout, number>();
  private outstanding = 0;
  private stopped = false;

  constructor(
    private deps: {
      hook: (id: string) => EventHookRecord | undefined;
      hooks: () => Iterable<EventHookRecord>;
      faults: FaultRegistry;
      orgUrl: () => string;
      now: () => Date;
      options: HookDeliveryOptions;
    },
  ) {}

  /**
   * Changes the delivery lag and duplicate rate from the next batch on (batches already waiting
   * keep their lag), e.g. a property test that varies them case by case on one org.
   */
  retime(timing: Partial<Pick<HookDeliveryOptions, 'delay' | 'duplicateRate'>>): void {
    if (
      timing.duplicateRate !== undefined &&
      !(timing.duplicateRate >= 0 && timing.duplicateRate <= 1)
    ) {
      throw new RangeError(`duplicateRate must be within 0..1, not ${timing.duplicateRate}`);
    }
    if (
      timing.delay !== undefined &&
      !(timing.delay.minMs >= 0 && timing.delay.maxMs >= timing.delay.minMs)
    ) {
      throw new RangeError(
        `delay must satisfy 0 <= minMs <= maxMs, not ${timing.delay.minMs}..${timing.delay.maxMs}`,
      );
    }
    this.deps.options = { ...this.deps.options, ...timing };
  }

  /** Queues an event for every active, verified hook subscribed to its type. */
  enqueue(event: LogEvent): void {
    if (this.stopped) return;
    for (const hook of this.deps.hooks()) {
      if (!isDeliverable(hook) || !hook.events.items.includes(event.eventType)) continue;
      if (this.deps.faults.takeHookLoss()) {
        this.counters.dropped++;
        continue;
      }
      let queue = this.queues.get(hook.id);
      if (!queue)
        this.queues.set(hook.id, (queue = { events: [], timer: undefined, inFlight: false }));
      queue.events.push(event);
      this.schedule(hook.id, queue);
    }
  }

  stats(): HookDeliveryStats {
    let pending = 0;
    for (const q of this.queues.values()) pending += q.events.length;
    for (const count of this.delayed.values()) pending += count;
    return { ...this.counters, pending };
  }

  resetStats(): void {
    this.counters = {
      delivered: 0,
      duplicated: 0,
      failed: 0,
      dropped: 0,
      requests: 0,
      retries: 0,
    };
  }

  /** Resolves once nothing is queued or in flight. */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Drops everything queued (counted as dropped) without stopping future deliveries. */
  discardPending(): void {
    for (const q of this.queues.values()) {
      if (q.timer) clearTimeout(q.timer);
      q.timer = undefined;
      this.counters.dropped += q.events.length;
      q.events = [];
    }
    for (const [timer, count] of this.delayed) {
      clearTimeout(timer);
      this.counters.dropped += count;
      this.outstanding--;
    }
    this.delayed.clear();
    this.settle();
  }

  stop(): void {
    this.stopped = true;
    this.discardPending();
    for (const c of this.controllers) c.abort();
  }

  private idle(): boolean {
    if (this.outstanding > 0) return false;
    for (const q of this.queues.values()) {
      if (q.events.length > 0 || q.inFlight || q.timer) return false;
    }
    return true;
  }

  private settle(): void {
    if (!this.idle()) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private schedule(hookId: string, queue: HookQueue): void {
    if (queue.inFlight || this.stopped) return;
    if (queue.events.length >= this.deps.options.maxBatchSize) {
      if (queue.timer) clearTimeout(queue.timer);
      queue.timer = undefined;
      void this.flush(hookId, queue);
      return;
    }
    queue.timer ??= setTimeout(() => {
      queue.timer = undefined;
      void this.flush(hookId, queue);
    }, this.deps.options.lingerMs);
  }

  private async flush(hookId: string, queue: HookQueue): Promise<void> {
    if (queue.inFlight || queue.events.length === 0) {
      this.settle();
      return;
    }
    const batch = queue.events.splice(0, this.deps.options.maxBatchSize);
    if (this.atLeastOnce()) {
      // Realistic: the batch leaves after its own lag, with others in flight, maybe twice.
      this.later(hookId, batch, false);
      if (this.deps.options.random() < this.deps.options.duplicateRate) {
        this.later(hookId, batch, true);
      }
      if (queue.events.length > 0) this.schedule(hookId, queue);
      this.settle();
      return;
    }
    queue.inFlight = true;
    try {
      await this.deliver(hookId, batch, false);
    } finally {
      queue.inFlight = false;
      if (queue.events.length > 0 && !this.stopped) this.schedule(hookId, queue);
      this.settle();
    }
  }

  private atLeastOnce(): boolean {
    const { delay, duplicateRate } = this.deps.options;
    return delay.maxMs > 0 || duplicateRate > 0;
  }

  /** Delivers a batch after a lag drawn from the delay range. */
  private later(hookId: string, batch: LogEvent[], duplicate: boolean): void {
    this.outstanding++;
    const timer = setTimeout(
      () => {
        this.delayed.delete(timer);
        void this.deliver(hookId, batch, duplicate).finally(() => {
          this.outstanding--;
          this.settle();
        });
      },
      drawLag(this.deps.options.delay, this.deps.options.random),
    );
    this.delayed.set(timer, batch.length);
  }

  /** One delivery: a new envelope, one retry on timeout or 5xx, none on 4xx. */
  private async deliver(hookId: string, batch: LogEvent[], duplicate: boolean): Promise<void> {
    const hook = this.deps.hook(hookId);
    if (!hook || !isDeliverable(hook) || this.stopped) {
      this.counters.dropped += batch.length;
      return;
    }
    const body = JSON.stringify(buildEnvelope(hookId, batch, this.deps.orgUrl(), this.deps.now()));
    let outcome = await this.post(hook, body);
    if (outcome === 'retryable' && !this.stopped) {
      this.counters.retries++;
      outcome = await this.post(hook, body);
    }
    if (outcome !== 'ok') this.counters.failed += batch.length;
    else if (duplicate) this.counters.duplicated += batch.length;
    else this.counters.delivered += batch.length;
  }

  private async post(hook: EventHookRecord, body: string): Promise<Outcome> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(), this.deps.options.timeoutMs);
    this.counters.requests++;
    try {
      const response = await fetch(hook.channel.config.uri, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'User-Agent': 'Okta Event Hooks/1.0',
          ...hookHeaders(hook),
        },
        body,
        signal: controller.signal,
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return 'ok';
      if (response.status >= 400 && response.status < 500) return 'client-error';
      return 'retryable';
    } catch {
      return 'retryable';
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }
}
