import { must } from '../__fixtures__/fixture-org.js';
import { describe, expect, it } from 'vitest';
import { SalesforceApiError } from '../errors.js';
import { parseSoql } from './parser.js';

function errorOf(soql: string): { errorCode: string; message: string } {
  try {
    parseSoql(soql);
  } catch (err) {
    if (err instanceof SalesforceApiError) return must(err.errors[0]);
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('parseSoql', () => {
  it('parses fields, relationship paths, conditions, order, limit and offset', () => {
    const q = parseSoql(
      "SELECT Id, Account.Name, COUNT() FROM Contact WHERE (Email LIKE '%@acme.test' OR Title = null) AND NOT Okta_Status__c IN ('SUSPENDED') AND CreatedDate > 2024-01-01T00:00:00Z AND Birthdate < LAST_N_DAYS:30 ORDER BY LastName DESC NULLS FIRST, Id LIMIT 10 OFFSET 5",
    );
    expect(q.select.map((s) => s.kind)).toEqual(['field', 'field', 'count']);
    expect(q.select[1]).toMatchObject({ path: { segments: ['Account', 'Name'] } });
    expect(q.from.name).toBe('Contact');
    expect(q.where).toMatchObject({ kind: 'and' });
    expect(q.orderBy).toEqual([
      expect.objectContaining({ descending: true, nullsLast: false }),
      expect.objectContaining({ descending: false, nullsLast: false }),
    ]);
    expect(q).toMatchObject({ limit: 10, offset: 5 });
  });

  it('parses semi-joins and string escapes', () => {
    const q = parseSoql(
      "SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM Case WHERE Subject = 'It\\'s down') AND Id NOT IN ('003000000000000AAA')",
    );
    expect(q.where).toMatchObject({
      kind: 'and',
      items: [
        {
          kind: 'in',
          negated: false,
          values: { from: { name: 'Case' }, where: { value: { value: "It's down" } } },
        },
        { kind: 'in', negated: true },
      ],
    });
  });

  it.each([
    ['SELECT FROM Contact', "unexpected token: 'FROM'"],
    ['SELECT Id FROM Contact WHERE', 'unexpected token: <EOF>'],
    ["SELECT Id FROM Contact WHERE A = 'x' AND B = 'y' OR C = 'z'", "unexpected token: 'OR'"],
    ['SELECT Id FROM Contact LIMIT x', "unexpected token: 'x'"],
    ["SELECT Id FROM Contact WHERE Name = 'open", 'unexpected token: <EOF>'],
  ])('rejects %s with MALFORMED_QUERY', (soql, message) => {
    const err = errorOf(soql);
    expect(err.errorCode).toBe('MALFORMED_QUERY');
    expect(err.message).toContain(message);
    expect(err.message).toMatch(/ERROR at Row:1:Column:\d+/);
  });
});
