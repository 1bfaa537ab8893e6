import { describe, expect, it } from 'vitest';
import { exitCodeOf, parseCliArgs, progressLine, summaryTable } from './cli-output.js';
import type { ReconciliationRun } from './types.js';

const run: ReconciliationRun = {
  id: 'r1',
  status: 'APPLYING',
  dryRun: false,
  trigger: 'cli',
  requestedBy: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  progress: { oktaUsersRead: 10, contactsRead: 9, itemsApplied: 3, itemsFailed: 1 },
  summary: {
    creates: 2,
    updates: 4,
    links: 1,
    deactivations: 1,
    conflicts: 2,
    unchanged: 3,
    skipped: 1,
  },
  error: null,
};

describe('reconcile CLI output', () => {
  it('parses the options and rejects contradictions', () => {
    expect(parseCliArgs([])).toEqual({ apply: false, confirmDeactivations: false, help: false });
    expect(parseCliArgs(['--apply', '--confirm-deactivations'])).toMatchObject({
      apply: true,
      confirmDeactivations: true,
    });
    expect(parseCliArgs(['--dry-run', '--apply'])).toHaveProperty('error');
    expect(parseCliArgs(['--confirm-deactivations'])).toHaveProperty('error');
    expect(parseCliArgs(['--force'])).toEqual({ error: 'unknown option --force' });
  });

  it('draws progress and the summary', () => {
    expect(progressLine(run, 8)).toBe('applying [####....] 4/8 (1 failed)');
    expect(progressLine({ ...run, status: 'RUNNING' })).toBe(
      'planning: 9 Contacts, 10 Okta users read',
    );
    const table = summaryTable({
      ...run,
      status: 'APPLIED',
      error: '1 plan items failed; see their outcomes.',
    });
    expect(table).toMatch(/^deactivations +1$/m);
    expect(table).toMatch(/^failed +1$/m);
    expect(table.trimEnd().endsWith('1 plan items failed; see their outcomes.')).toBe(true);
  });

  it('exits 1 for refused, failed or partly failed runs', () => {
    expect(
      exitCodeOf({ ...run, status: 'PLANNED', progress: { ...run.progress, itemsFailed: 0 } }),
    ).toBe(0);
    expect(exitCodeOf({ ...run, status: 'APPLIED' })).toBe(1);
    expect(
      exitCodeOf({ ...run, status: 'REFUSED', progress: { ...run.progress, itemsFailed: 0 } }),
    ).toBe(1);
  });
});
