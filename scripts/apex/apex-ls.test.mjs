import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { checkApexTypes, parseApexLsReport } from './apex-ls.mjs';

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'type-errors');

describe('apex-ls report', () => {
  it('reads errors and warnings with their files and lines', () => {
    const report = [
      '/p/classes/A.cls',
      "Warning: line 6 at 39-41: 'of' is a reserved identifier",
      '/p/classes/B.cls',
      "Error: line 3 at 16-34: Incompatible types in assignment, from 'System.String' to 'System.Integer'",
      "Missing: line 4 at 15-22: No variable or type found for 'Missing' on 'B'",
    ].join('\n');
    assert.deepEqual(parseApexLsReport(report), [
      {
        file: '/p/classes/A.cls',
        severity: 'warning',
        line: 6,
        message: "'of' is a reserved identifier",
      },
      {
        file: '/p/classes/B.cls',
        severity: 'error',
        line: 3,
        message: "Incompatible types in assignment, from 'System.String' to 'System.Integer'",
      },
      {
        file: '/p/classes/B.cls',
        severity: 'error',
        line: 4,
        message: "No variable or type found for 'Missing' on 'B'",
      },
    ]);
  });

  it('finds nothing in an empty report', () => {
    assert.deepEqual(parseApexLsReport(''), []);
  });
});

describe('apex-ls over a project', () => {
  it('reports type errors and reserved identifiers, and fails', () => {
    const { status, issues } = checkApexTypes({ projectDir: FIXTURE });
    assert.equal(status, 4);
    assert.deepEqual(
      issues.map((i) => [path.basename(i.file), i.severity, i.line]),
      [
        ['Reserved.cls', 'warning', 2],
        ['Typed.cls', 'error', 3],
        ['Typed.cls', 'error', 4],
      ],
    );
  });
});
