const DAY = 86_400_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

function monthStart(year: number, month: number): number {
  return Date.UTC(year, month, 1);
}

/** The [start, end) range in epoch ms of a SOQL date literal such as TODAY or LAST_N_DAYS:30 (GMT). */
export function dateLiteralRange(
  name: string,
  n: number | undefined,
  nowMs: number,
): { start: number; end: number } {
  const today = startOfDay(nowMs);
  const now = new Date(nowMs);
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const weekStart = today - now.getUTCDay() * DAY;
  const quarter = Math.floor(m / 3) * 3;
  const k = n ?? 0;
  switch (name) {
    case 'YESTERDAY':
      return { start: today - DAY, end: today };
    case 'TODAY':
      return { start: today, end: today + DAY };
    case 'TOMORROW':
      return { start: today + DAY, end: today + 2 * DAY };
    case 'LAST_WEEK':
      return { start: weekStart - 7 * DAY, end: weekStart };
    case 'THIS_WEEK':
      return { start: weekStart, end: weekStart + 7 * DAY };
    case 'NEXT_WEEK':
      return { start: weekStart + 7 * DAY, end: weekStart + 14 * DAY };
    case 'LAST_MONTH':
      return { start: monthStart(y, m - 1), end: monthStart(y, m) };
    case 'THIS_MONTH':
      return { start: monthStart(y, m), end: monthStart(y, m + 1) };
    case 'NEXT_MONTH':
      return { start: monthStart(y, m + 1), end: monthStart(y, m + 2) };
    case 'LAST_90_DAYS':
      return { start: today - 90 * DAY, end: today + DAY };
    case 'NEXT_90_DAYS':
      return { start: today + DAY, end: today + 91 * DAY };
    case 'THIS_QUARTER':
      return { start: monthStart(y, quarter), end: monthStart(y, quarter + 3) };
    case 'LAST_QUARTER':
      return { start: monthStart(y, quarter - 3), end: monthStart(y, quarter) };
    case 'NEXT_QUARTER':
      return { start: monthStart(y, quarter + 3), end: monthStart(y, quarter + 6) };
    case 'THIS_YEAR':
      return { start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
    case 'LAST_YEAR':
      return { start: Date.UTC(y - 1, 0, 1), end: Date.UTC(y, 0, 1) };
    case 'NEXT_YEAR':
      return { start: Date.UTC(y + 1, 0, 1), end: Date.UTC(y + 2, 0, 1) };
    case 'LAST_N_DAYS':
      return { start: today - k * DAY, end: today + DAY };
    case 'NEXT_N_DAYS':
      return { start: today + DAY, end: today + (k + 1) * DAY };
    case 'N_DAYS_AGO':
      return { start: today - k * DAY, end: today - (k - 1) * DAY };
    case 'LAST_N_WEEKS':
      return { start: weekStart - 7 * k * DAY, end: weekStart };
    case 'NEXT_N_WEEKS':
      return { start: weekStart + 7 * DAY, end: weekStart + 7 * (k + 1) * DAY };
    case 'N_WEEKS_AGO':
      return { start: weekStart - 7 * k * DAY, end: weekStart - 7 * (k - 1) * DAY };
    case 'LAST_N_MONTHS':
      return { start: monthStart(y, m - k), end: monthStart(y, m) };
    case 'NEXT_N_MONTHS':
      return { start: monthStart(y, m + 1), end: monthStart(y, m + 1 + k) };
    case 'N_MONTHS_AGO':
      return { start: monthStart(y, m - k), end: monthStart(y, m - k + 1) };
    case 'LAST_N_YEARS':
      return { start: Date.UTC(y - k, 0, 1), end: Date.UTC(y, 0, 1) };
    case 'NEXT_N_YEARS':
      return { start: Date.UTC(y + 1, 0, 1), end: Date.UTC(y + 1 + k, 0, 1) };
    case 'N_YEARS_AGO':
      return { start: Date.UTC(y - k, 0, 1), end: Date.UTC(y - k + 1, 0, 1) };
    case 'LAST_N_HOURS':
      return { start: nowMs - k * 3_600_000, end: nowMs };
    case 'NEXT_N_HOURS':
      return { start: nowMs, end: nowMs + k * 3_600_000 };
    default:
      throw new Error(`unknown date literal ${name}`);
  }
}
