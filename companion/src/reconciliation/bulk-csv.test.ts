import { describe, expect, it } from 'vitest';
import { toBulkCsv } from './bulk-csv.js';

describe('toBulkCsv', () => {
  it('takes the union of columns, clears nulls with #N/A and leaves absent fields empty', () => {
    const csv = toBulkCsv([
      { Id: '003A', Title: null, FirstName: 'Ada' },
      { Id: '003B', LastName: 'Hopper, "Grace"', HasOptedOutOfEmail: true },
    ]);
    expect(csv).toBe(
      'Id,Title,FirstName,LastName,HasOptedOutOfEmail\n' +
        '003A,#N/A,Ada,,\n' +
        '003B,,,"Hopper, ""Grace""",true\n',
    );
  });

  it('quotes line breaks and surrounding spaces', () => {
    expect(toBulkCsv([{ A: 'x\ny', B: ' padded' }])).toBe('A,B\n"x\ny"," padded"\n');
  });
});
