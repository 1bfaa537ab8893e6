import { describe, expect, it } from 'vitest';
import { BULK_CSV, csvCell, csvRow, SPREADSHEET_CSV } from './csv-writer.js';

describe('csvCell', () => {
  it('quotes commas, quotes and line breaks, and leaves the rest alone', () => {
    for (const dialect of [SPREADSHEET_CSV, BULK_CSV]) {
      expect(csvCell('plain', dialect)).toBe('plain');
      expect(csvCell('a,b', dialect)).toBe('"a,b"');
      expect(csvCell('say "hi"', dialect)).toBe('"say ""hi"""');
      expect(csvCell('two\nlines', dialect)).toBe('"two\nlines"');
      expect(csvCell(3, dialect)).toBe('3');
      expect(csvCell({ a: 'x,y' }, dialect)).toBe('"{""a"":""x,y""}"');
      expect(csvCell(undefined, dialect)).toBe('');
    }
    expect(csvCell(null, SPREADSHEET_CSV)).toBe('');
    expect(csvCell(null, BULK_CSV)).toBe('#N/A');
  });

  it('neutralises formula triggers in spreadsheet files (OWASP CSV injection)', () => {
    expect(csvCell('=1+1', SPREADSHEET_CSV)).toBe(`"'=1+1"`);
    expect(csvCell('+1', SPREADSHEET_CSV)).toBe(`"'+1"`);
    expect(csvCell('-1+2', SPREADSHEET_CSV)).toBe(`"'-1+2"`);
    expect(csvCell('@SUM(A1)', SPREADSHEET_CSV)).toBe(`"'@SUM(A1)"`);
    expect(csvCell('\tx', SPREADSHEET_CSV)).toBe(`"'\tx"`);
    expect(csvCell('\rx', SPREADSHEET_CSV)).toBe(`"'\rx"`);
    expect(csvCell('=HYPERLINK("a")', SPREADSHEET_CSV)).toBe(`"'=HYPERLINK(""a"")"`);
    expect(csvCell('a=b', SPREADSHEET_CSV)).toBe('a=b');
    expect(csvCell(-5, SPREADSHEET_CSV)).toBe('-5');
  });

  it('writes Bulk API values exactly, keeping edge spaces by quoting', () => {
    expect(csvCell('=1+1', BULK_CSV)).toBe('=1+1');
    expect(csvCell(' padded ', BULK_CSV)).toBe('" padded "');
    expect(csvCell(['a', 'b'], BULK_CSV)).toBe('a;b');
  });

  it('ends rows as each dialect wants', () => {
    expect(csvRow(['a', 'b,c'], SPREADSHEET_CSV)).toBe('a,"b,c"\r\n');
    expect(csvRow(['a', null], BULK_CSV)).toBe('a,#N/A\n');
  });
});
