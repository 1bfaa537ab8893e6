import { describe, expect, it } from 'vitest';
import { CronSyntaxError, nextFireTime, parseCron } from './cron.js';

const next = (expression: string, after: string) =>
  nextFireTime(parseCron(expression), new Date(after)).toISOString();

describe('parseCron', () => {
  it('rejects expressions that are not five valid fields', () => {
    for (const bad of [
      '0 2 * *',
      '0 2 * * * *',
      '60 * * * *',
      '* 24 * * *',
      '5-1 * * * *',
      '*/0 * * * *',
      'a * * * *',
      '1,,2 * * * *',
    ]) {
      expect(() => parseCron(bad), bad).toThrow(CronSyntaxError);
    }
  });

  it('expands ranges, lists and steps; 7 is Sunday', () => {
    const s = parseCron('*/15 9-17/4 1,15 * 7');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([9, 13, 17]);
    expect([...s.daysOfMonth]).toEqual([1, 15]);
    expect([...s.daysOfWeek]).toEqual([0]);
  });
});

describe('nextFireTime', () => {
  it('fires daily at 02:00 UTC, strictly after the given instant', () => {
    expect(next('0 2 * * *', '2026-01-01T01:59:59.999Z')).toBe('2026-01-01T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-01-01T02:00:00.000Z')).toBe('2026-01-02T02:00:00.000Z');
    expect(next('0 2 * * *', '2026-12-31T03:00:00.000Z')).toBe('2027-01-01T02:00:00.000Z');
  });

  it('handles steps within the hour and hour rollover', () => {
    expect(next('*/20 * * * *', '2026-03-01T10:41:00.000Z')).toBe('2026-03-01T11:00:00.000Z');
    expect(next('5 */6 * * *', '2026-03-01T06:05:00.000Z')).toBe('2026-03-01T12:05:00.000Z');
  });

  it('matches either day field when both are restricted', () => {
    // 2026-03-02 is a Monday; the 10th comes later.
    expect(next('0 0 10 * 1', '2026-03-01T00:00:00.000Z')).toBe('2026-03-02T00:00:00.000Z');
    expect(next('0 0 10 * 1', '2026-03-09T00:00:00.000Z')).toBe('2026-03-10T00:00:00.000Z');
  });

  it('finds leap days and months with fewer days', () => {
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00.000Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('30 12 31 * *', '2026-04-01T00:00:00.000Z')).toBe('2026-05-31T12:30:00.000Z');
  });

  it('reports a schedule that can never fire', () => {
    expect(() => next('0 0 31 2 *', '2026-01-01T00:00:00.000Z')).toThrow(CronSyntaxError);
  });
});
