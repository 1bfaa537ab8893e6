/**
 * The org's event bus as subscribers see it: one increasing replay id sequence, each
 * event stored for the channels it was published on, kept for the retention window.
 * Decides what a subscription's `ext.replay` option delivers, or why it is refused.
 */

export interface EventData {
  readonly schema: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly event: Readonly<{ replayId: number } & Record<string, unknown>>;
}

export interface LoggedEvent {
  readonly replayId: number;
  /** Epoch milliseconds of publication. */
  readonly publishedAt: number;
  readonly channels: readonly string[];
  readonly data: EventData;
}

export type ReplayDecision =
  | { readonly ok: true; readonly events: readonly LoggedEvent[] }
  | { readonly ok: false; readonly error: string };

/** Replay only events published after the subscription. */
export const REPLAY_NEW = -1;
/** Replay every retained event, then new ones. */
export const REPLAY_ALL_RETAINED = -2;

export function invalidReplayIdError(replayId: unknown): string {
  return (
    `400::The replayId {${String(replayId)}} you provided was invalid.  ` +
    'Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.'
  );
}

export class EventLog {
  private entries: LoggedEvent[] = [];
  private lastReplayId = 0;
  /** Highest replay id no longer retained; replaying from below it would skip events. */
  private expiredThrough = 0;

  constructor(
    private readonly retentionMs: number,
    private readonly now: () => number,
  ) {}

  append(channels: readonly string[], data: (replayId: number) => EventData): LoggedEvent {
    this.applyRetention();
    const replayId = ++this.lastReplayId;
    const entry: LoggedEvent = {
      replayId,
      publishedAt: this.now(),
      channels,
      data: data(replayId),
    };
    this.entries.push(entry);
    return entry;
  }

  retained(channel: string): readonly LoggedEvent[] {
    this.applyRetention();
    return this.entries.filter((e) => e.channels.includes(channel));
  }

  /** Drops events with a replay id below `bound`, or published before it when a Date. */
  expireBefore(bound: number | Date): void {
    const keep = (e: LoggedEvent): boolean =>
      typeof bound === 'number' ? e.replayId >= bound : e.publishedAt >= bound.getTime();
    const expired = this.entries.filter((e) => !keep(e));
    this.entries = this.entries.filter(keep);
    for (const e of expired) this.expiredThrough = Math.max(this.expiredThrough, e.replayId);
  }

  replay(channel: string, option: unknown): ReplayDecision {
    if (option === REPLAY_NEW) return { ok: true, events: [] };
    if (option === REPLAY_ALL_RETAINED) return { ok: true, events: this.retained(channel) };
    this.applyRetention();
    const known =
      typeof option === 'number' &&
      Number.isSafeInteger(option) &&
      option >= this.expiredThrough &&
      option <= this.lastReplayId;
    if (!known) return { ok: false, error: invalidReplayIdError(option) };
    return { ok: true, events: this.retained(channel).filter((e) => e.replayId > option) };
  }

  private applyRetention(): void {
    const oldest = this.now() - this.retentionMs;
    if (this.entries[0] && this.entries[0].publishedAt < oldest) {
      this.expireBefore(new Date(oldest));
    }
  }
}
