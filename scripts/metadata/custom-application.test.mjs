import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('custom-application rule', () => {
  it('reports a missing label, bad enumerations and unknown tabs', () => {
    assert.deepEqual(problemsOf('broken-custom-application', ['custom-application']), [
      {
        file: 'force-app/main/default/applications/Broken_App.app-meta.xml',
        element: 'label',
        message: 'required',
      },
      {
        file: 'force-app/main/default/applications/Broken_App.app-meta.xml',
        line: 4,
        element: 'navType',
        message: 'Tabbed is not one of Standard, Console',
      },
      {
        file: 'force-app/main/default/applications/Broken_App.app-meta.xml',
        line: 3,
        element: 'formFactors',
        message: 'Tiny is not one of Small, Medium, Large',
      },
      {
        file: 'force-app/main/default/applications/Broken_App.app-meta.xml',
        line: 6,
        element: 'tabs',
        message: 'tab Missing_Tab does not exist (no tab file, and not standard-<Object>)',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['custom-application']), []);
  });
});
