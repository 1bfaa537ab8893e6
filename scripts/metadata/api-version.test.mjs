import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('api-version rule', () => {
  it('reports an apiVersion other than sourceApiVersion and a missing one', () => {
    assert.deepEqual(problemsOf('broken-api-version', ['api-version']), [
      {
        file: 'force-app/main/default/classes/Old.cls-meta.xml',
        line: 3,
        element: 'apiVersion',
        message: '61.0 differs from sourceApiVersion 62.0',
      },
      {
        file: 'force-app/main/default/lwc/noVersion/noVersion.js-meta.xml',
        element: 'apiVersion',
        message: 'missing; must be 62.0',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['api-version']), []);
  });
});
