import { describe, expect, it } from 'vitest';
import { fieldMapping, oktaUser } from './mapping-test-fixtures.js';
import {
  agreedAfterContactWrite,
  changedAgreement,
  movedOf,
  twoWayFields,
  whichSideMoved,
} from './sync-baseline.js';

const mappings = [
  fieldMapping({
    name: 'Contact_Title',
    field: 'Title',
    oktaAttribute: 'profile.title',
    direction: 'BOTH',
    sourceOfTruth: 'OKTA',
  }),
  fieldMapping({
    name: 'Contact_Department',
    field: 'Department',
    oktaAttribute: 'profile.department',
    direction: 'BOTH',
    sourceOfTruth: 'SALESFORCE',
  }),
  fieldMapping({ name: 'Contact_Email', field: 'Email', oktaAttribute: 'profile.email' }),
];

describe('whichSideMoved', () => {
  it('names the side that left the agreed value', () => {
    expect(whichSideMoved('a', 'a', 'z')).toBe('in-step');
    expect(whichSideMoved('a', 'b', 'a')).toBe('salesforce');
    expect(whichSideMoved('b', 'a', 'a')).toBe('okta');
    expect(whichSideMoved('b', 'c', 'a')).toBe('both');
    // Empty forms are one value.
    expect(whichSideMoved(null, 'x', '')).toBe('salesforce');
  });
});

describe('twoWayFields and movedOf', () => {
  const user = oktaUser({
    profile: { ...oktaUser().profile, title: 'Director', department: 'Ops' },
  });
  const contact = { Id: '003', Title: 'Analyst', Department: 'Ops', Email: 'x@example.test' };

  it('reads only BOTH mappings, with each side and the agreed value', () => {
    const fields = twoWayFields({ user, contact, mappings, agreed: { title: 'Analyst' } });
    expect(fields.map((f) => [f.attribute, f.okta, f.salesforce, f.agreed])).toEqual([
      ['title', 'Director', { value: 'Analyst' }, { value: 'Analyst' }],
      ['department', 'Ops', { value: 'Ops' }, undefined],
    ]);
    expect(fields.map(movedOf)).toEqual(['okta', 'in-step']);
  });

  it('cannot tell without an agreed value unless both sides hold the same', () => {
    const [title] = twoWayFields({ user, contact, mappings });
    expect(title && movedOf(title)).toBeUndefined();
  });
});

describe('agreedAfterContactWrite', () => {
  const user = oktaUser({
    profile: { ...oktaUser().profile, title: 'Director', department: 'Ops' },
  });

  it('counts written fields and fields already in step, not a Contact edit still to be pushed', () => {
    const contact = { Id: '003', Title: 'Analyst', Department: 'Sales' };
    expect(
      agreedAfterContactWrite({ user, contact, written: { Title: 'Director' }, mappings }),
    ).toEqual({ title: 'Director' });
    expect(
      agreedAfterContactWrite({
        user,
        contact: { ...contact, Department: 'Ops' },
        written: {},
        mappings,
      }),
    ).toEqual({ department: 'Ops' });
  });

  it('takes every written field of a Contact it created', () => {
    expect(
      agreedAfterContactWrite({
        user,
        contact: undefined,
        written: { Title: 'Director', Department: 'Ops', Email: 'x' },
        mappings,
      }),
    ).toEqual({ title: 'Director', department: 'Ops' });
  });
});

describe('changedAgreement', () => {
  it('keeps only what differs from the record', () => {
    expect(changedAgreement(undefined, { title: 'A' })).toEqual({ title: 'A' });
    expect(
      changedAgreement({ title: 'A', department: '' }, { title: 'A', department: null }),
    ).toEqual({});
    expect(changedAgreement({ title: 'A' }, { title: 'B', department: null })).toEqual({
      title: 'B',
      department: null,
    });
  });
});
