import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('lwc-references rule', () => {
  it('reports imports of missing fields, objects, classes and methods', () => {
    assert.deepEqual(problemsOf('broken-lwc-references', ['lwc-references']), [
      {
        file: 'force-app/main/default/lwc/thingView/thingView.html',
        line: 2,
        element: '<c-thing-view-row>',
        message: 'Lightning web component thingViewRow does not exist in lwc/',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 11,
        element: 'c/ldsUtils',
        message: 'Lightning web component ldsUtils does not exist in lwc/',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 3,
        element: '@salesforce/schema/Thing__c.Gone__c',
        message: 'Thing__c has no field Gone__c',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 4,
        element: '@salesforce/schema/Widget__c',
        message: 'object Widget__c is not defined in the project',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 7,
        element: '@salesforce/schema/Thing__c.Parent__r.Name',
        message: 'Thing__c has no relationship Parent__r',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 9,
        element: '@salesforce/apex/ThingController.notExposed',
        message: 'ThingController has no static @AuraEnabled method notExposed',
      },
      {
        file: 'force-app/main/default/lwc/thingView/thingView.js',
        line: 10,
        element: '@salesforce/apex/MissingController.load',
        message: 'Apex class MissingController does not exist in classes/',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['lwc-references']), []);
  });
});
