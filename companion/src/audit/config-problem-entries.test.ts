import { describe, expect, it } from 'vitest';
import { configProblemEntries } from './config-problem-entries.js';

describe('config problem entries', () => {
  it('journal one skipped line per problem, keyed by the record', () => {
    const entries = configProblemEntries({
      problems: [{ source: 'Okta_Field_Mapping__mdt.Title', message: 'Title is not writable' }],
      at: new Date('2026-01-02T03:04:05.000Z'),
      newId: () => 'id-1',
    });
    expect(entries).toEqual([
      {
        id: 'id-1',
        eventId: 'config:Okta_Field_Mapping__mdt.Title',
        correlationId: 'config',
        direction: 'ACTION',
        operation: 'config-problem',
        status: 'SKIPPED',
        attempts: 1,
        error: 'Title is not writable',
        actor: 'companion',
        occurredAt: '2026-01-02T03:04:05.000Z',
      },
    ]);
  });
});
