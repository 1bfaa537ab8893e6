import { describe, expect, it } from 'vitest';
import { deadLetterAlert, guardTrippedAlert, reconciliationAlert } from './alert-messages.js';

describe('alert messages', () => {
  it('count the held deactivations against the limit', () => {
    expect(guardTrippedAlert({ threshold: 10, inWindow: 8, requested: 5 }).body).toMatch(
      /^13 deactivations within the window exceed the limit of 10\./,
    );
  });

  it('alert for refused and failed reconciliations only', () => {
    expect(reconciliationAlert({ id: 'r1', status: 'APPLIED', error: null })).toBeUndefined();
    expect(reconciliationAlert({ id: 'r1', status: 'REFUSED', error: null })).toMatchObject({
      kind: 'guard-tripped',
      key: 'reconciliation:r1',
      body: 'Run r1: review its plan in the Okta Sync Setup page.',
    });
    expect(reconciliationAlert({ id: 'r2', status: 'FAILED', error: 'boom' })).toMatchObject({
      kind: 'dead-letter',
      title: 'A reconciliation failed',
      body: 'boom',
    });
  });

  it('name the job, its subject and its attempts for a dead letter, once per kind', () => {
    const alert = deadLetterAlert(
      { kind: 'okta-user-sync', subjectKey: 'okta-user:00u1', attempts: 4 },
      new Error('REQUEST_LIMIT_EXCEEDED'),
    );
    expect(alert.key).toBe('dead-letter:okta-user-sync');
    expect(alert.body).toContain('okta-user-sync for okta-user:00u1 failed after 5 attempts');
  });
});
