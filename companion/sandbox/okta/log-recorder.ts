/** Appends System Log events in persistence order and hands each to the hook dispatcher. */
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
    },
  ) {}

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
    const logs = this.deps.state().logs;
    const last = logs[logs.length - 1]?.published;
    const candidate = requested ?? this.deps.now().toISOString();
    return last !== undefined && last > candidate ? last : candidate;
  }

  private push(event: LogEvent): LogEvent {
    this.deps.state().logs.push(event);
    this.deps.onAppend(event);
    return event;
  }
}
