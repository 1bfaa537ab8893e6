import { describe, expect, it } from 'vitest';
import { EventLog, invalidReplayIdError } from './event-log.js';

const HOUR = 60 * 60 * 1000;

function logWith(count: number, clock: { now: number }) {
  const log = new EventLog(72 * HOUR, () => clock.now);
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const channels =
      i % 2 === 0 ? ['/data/A', '/data/ChangeEvents'] : ['/data/B', '/data/ChangeEvents'];
    ids.push(
      log.append(channels, (replayId) => ({ schema: 's', payload: {}, event: { replayId } }))
        .replayId,
    );
  }
  return { log, ids };
}

const replayed = (decision: ReturnType<EventLog['replay']>) =>
  decision.ok ? decision.events.map((e) => e.replayId) : decision.error;

describe('EventLog', () => {
  it('hands out increasing replay ids across channels', () => {
    const { log, ids } = logWith(4, { now: 0 });
    expect(ids).toEqual([1, 2, 3, 4]);
    expect(log.retained('/data/A').map((e) => e.replayId)).toEqual([1, 3]);
    expect(log.retained('/data/ChangeEvents').map((e) => e.replayId)).toEqual([1, 2, 3, 4]);
  });

  it('replays nothing old for -1, everything retained for -2, and what follows N', () => {
    const { log } = logWith(5, { now: 0 });
    expect(replayed(log.replay('/data/A', -1))).toEqual([]);
    expect(replayed(log.replay('/data/A', -2))).toEqual([1, 3, 5]);
    expect(replayed(log.replay('/data/A', 2))).toEqual([3, 5]);
    expect(replayed(log.replay('/data/A', 5))).toEqual([]);
  });

  it('refuses ids below the retention window, ids never issued, and non-numbers', () => {
    const { log } = logWith(5, { now: 0 });
    log.expireBefore(3);
    expect(replayed(log.replay('/data/A', 2))).toEqual([3, 5]);
    expect(replayed(log.replay('/data/A', 1))).toBe(invalidReplayIdError(1));
    expect(replayed(log.replay('/data/A', 6))).toBe(invalidReplayIdError(6));
    expect(replayed(log.replay('/data/A', -3))).toBe(invalidReplayIdError(-3));
    expect(replayed(log.replay('/data/A', '4'))).toBe(invalidReplayIdError('4'));
    expect(invalidReplayIdError(1)).toBe(
      '400::The replayId {1} you provided was invalid.  Please provide a valid ID, -2 to replay all events, or -1 to replay only new events.',
    );
  });

  it('expires events older than the retention window as the clock advances', () => {
    const clock = { now: 0 };
    const { log } = logWith(2, clock);
    clock.now = 71 * HOUR;
    log.append(['/data/A'], (replayId) => ({ schema: 's', payload: {}, event: { replayId } }));
    clock.now = 73 * HOUR;
    expect(log.retained('/data/A').map((e) => e.replayId)).toEqual([3]);
    expect(replayed(log.replay('/data/A', 1))).toBe(invalidReplayIdError(1));
    expect(replayed(log.replay('/data/A', 2))).toEqual([3]);
  });

  it('expires by time on request', () => {
    const clock = { now: 1000 };
    const { log } = logWith(2, clock);
    clock.now = 2000;
    log.append(['/data/A'], (replayId) => ({ schema: 's', payload: {}, event: { replayId } }));
    log.expireBefore(new Date(2000));
    expect(log.retained('/data/ChangeEvents')).toEqual([]);
    expect(log.retained('/data/A').map((e) => e.replayId)).toEqual([3]);
  });
});
