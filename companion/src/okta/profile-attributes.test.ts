import { describe, expect, it } from 'vitest';
import { profileAttributesOf } from './profile-attributes.js';

describe('profileAttributesOf', () => {
  it('lists base and custom attributes by title, with type, origin and mutability', () => {
    const attributes = profileAttributesOf({
      definitions: {
        base: {
          properties: {
            login: { title: 'Username', type: 'string', required: true, mutability: 'READ_WRITE' },
            email: { title: 'Primary email', type: 'string', required: true },
            employeeNumber: { title: 'Employee number', type: 'string', mutability: 'READ_ONLY' },
          },
        },
        custom: {
          properties: {
            territory: { title: 'Sales territory', type: 'string' },
            isPartner: { type: 'boolean' },
          },
        },
      },
    });
    expect(attributes).toEqual([
      {
        path: 'profile.employeeNumber',
        name: 'employeeNumber',
        label: 'Employee number',
        type: 'string',
        custom: false,
        required: false,
        readOnly: true,
      },
      {
        path: 'profile.isPartner',
        name: 'isPartner',
        label: 'isPartner',
        type: 'boolean',
        custom: true,
        required: false,
        readOnly: false,
      },
      expect.objectContaining({ path: 'profile.email', label: 'Primary email', required: true }),
      expect.objectContaining({
        path: 'profile.territory',
        label: 'Sales territory',
        custom: true,
      }),
      expect.objectContaining({ path: 'profile.login', label: 'Username', readOnly: false }),
    ]);
  });

  it('reads a schema without definitions as no attributes', () => {
    expect(profileAttributesOf({})).toEqual([]);
    expect(profileAttributesOf({ definitions: { base: { properties: { x: null } } } })).toEqual([]);
  });
});
