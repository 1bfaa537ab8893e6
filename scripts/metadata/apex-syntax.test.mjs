import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('apex-syntax rule', () => {
  it('reports syntax errors of classes and triggers with their lines', () => {
    assert.deepEqual(problemsOf('broken-apex-syntax', ['apex-syntax']), [
      {
        file: 'force-app/main/default/classes/Broken.cls',
        line: 4,
        element: 'column 5',
        message: "syntax error: missing ';' at '}'",
      },
      {
        file: 'force-app/main/default/triggers/ThingTrigger.trigger',
        line: 3,
        element: 'column 18',
        message: "syntax error: mismatched input ';' expecting one of many tokens",
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['apex-syntax']), []);
  });
});
