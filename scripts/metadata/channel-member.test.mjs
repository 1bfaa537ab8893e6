import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { problemsOf } from './fixture-project.mjs';

describe('channel-member rule', () => {
  it('reports unknown entities and selections beyond the default allocation', () => {
    assert.deepEqual(problemsOf('broken-channel-member', ['channel-member']), [
      {
        file: 'force-app/main/default/platformEventChannelMembers/ChangeEvents_Contact.platformEventChannelMember-meta.xml',
        line: 4,
        element: 'selectedEntity',
        message: 'Contact is not a change event name (<Object>ChangeEvent)',
      },
      {
        file: 'force-app/main/default/platformEventChannelMembers/ChangeEvents_Widget__ChangeEvent.platformEventChannelMember-meta.xml',
        line: 4,
        element: 'selectedEntity',
        message: 'object Widget__c is not defined in the project',
      },
      {
        file: 'force-app/main/default/platformEventChannelMembers/ChangeEvents_Widget__ChangeEvent.platformEventChannelMember-meta.xml',
        element: 'selectedEntity',
        message:
          '7 entities are selected for Change Data Capture (AccountChangeEvent, CaseChangeEvent, ContactChangeEvent, LeadChangeEvent, OpportunityChangeEvent, UserChangeEvent, Widget__ChangeEvent); the default allocation is 5',
      },
    ]);
  });

  it('finds nothing wrong in the good project', () => {
    assert.deepEqual(problemsOf('good', ['channel-member']), []);
  });
});
