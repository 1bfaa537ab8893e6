/**
 * Appends System Log events in persistence order and hands each to the hook dispatcher. With a
 * persistence lag (the realistic profile), hooks get an event at once but polling sees it only
 * once it is persisted, a lag later: events then reach the log out of `published` order, and a
 * poll can return an event published before one it returned earlier (System Log API: polling
 * filters on an internal persistence time).
 */
import { drawLag, type LagRange } from '../profile.js';
import {
  buildLogEvent,
  type ActionContext,
  type LogEvent,
  type LogEventSpec,
} from './log-events.js';
import { uuid } from './okta-ids.js';
import type { OktaState } from './state.js';

export class LogRecorder {
  constructor(
    private readonly deps: {
      state: () => OktaState;
      now: () => Date;
      onAppend: (event: LogEvent) => void;
      persistenceLag?: LagRange;
      random?: () => number;
    },
  ) {}

  readonly #persisting = new Set<NodeJS.Timeout>();

  #waiters: (() => void)[] = [];

  /** Resolves once every recorded event is visible to System Log polling. */
  whenPersisted(): Promise<void> {
    if (this.#persisting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #settle(): void {
    if (this.#persisting.size > 0) return;
    for (const resolve of this.#waiters.splice(0)) resolve();
  }

  /** Drops events not yet persisted (the emulator is closing). */
  stop(): void {
    for (const timer of this.#persisting) clearTimeout(timer);
    this.#persisting.clear();
    this.#settle();
  }

  record(specs: readonly LogEventSpec[], context: ActionContext): LogEvent[] {
    return specs.map((spec) =>
      this.push(
        buildLogEvent(spec, context, { uuid: uuid(), published: this.published(undefined) }),
      ),
    );
  }

  /** Appends an event as given (missing uuid/published filled in); published never goes backwards. */
  append(event: LogEvent): LogEvent {
    return this.push({
      ...event,
      uuid: event.uuid || uuid(),
      published: this.published(event.published),
    });
  }

  private published(requested: string | undefined): string {
    if (this.lagging()) return requested ?? this.deps.now().toISOString();
    const logs = this.deps.state().logs;
    const last = logs[logs.length - 1]?.published;
    const candidate = requested ?? this.deps.now().toISOString();
    return last !== undefined && last > candidate ? last : candidate;
  }

  private lagging(): boolean {
    return (this.deps.persistenceLag?.maxMs ?? 0) > 0;
  }

  private push(event: LogEvent): LogEvent {
    const lag = this.deps.persistenceLag;
    if (!lag || !this.lagging()) {
      this.deps.state().logs.push(event);
      this.deps.onAppend(event);
      return event;
    }
    const logs = this.deps.state().logs; // a reset in between leaves the new org untouched
    const timer = setTimeout(
      () => {
        this.#persisting.delete(timer);
        logs.push(event);
        this.#settle();
      },
      drawLag(lag, this.deps.random ?? Math.random),
    );
    this.#persisting.add(timer);
    this.deps.onAppend(event);
    return event;
  }
}
