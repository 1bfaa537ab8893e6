import { describe, expect, it } from 'vitest';
import {
  allowedFinalValues,
  comparable,
  sourceOfTruthOf,
  type UserWrite,
} from './convergence-model.js';

const okta = (mapping: string, value: string): UserWrite => ({ side: 'OKTA', mapping, value });
const salesforce = (mapping: string, value: string): UserWrite => ({
  side: 'SALESFORCE',
  mapping,
  value,
});
const base = { mapping: 'Title', initial: ['T0'] } as const;

describe('the convergence property’s expectations', () => {
  it('keeps the settled value when nothing was written, and both values after crossed writes', () => {
    expect(allowedFinalValues({ ...base, sourceOfTruth: 'OKTA', writes: [] })).toEqual({
      values: ['T0'],
      agree: true,
    });
    expect(
      allowedFinalValues({ ...base, initial: ['A', 'B'], sourceOfTruth: 'OKTA', writes: [] }),
    ).toEqual({ values: ['A', 'B'], agree: false });
  });

  it('expects the last write, or the source of truth’s when it also wrote since the settle point', () => {
    const writes = [okta('Title', 'O1'), salesforce('Title', 'S1'), okta('Department', 'D1')];
    expect(allowedFinalValues({ ...base, sourceOfTruth: 'OKTA', writes }).values).toEqual([
      'S1',
      'O1',
    ]);
    expect(allowedFinalValues({ ...base, sourceOfTruth: 'SALESFORCE', writes }).values).toEqual([
      'S1',
    ]);
    expect(
      allowedFinalValues({
        ...base,
        sourceOfTruth: 'SALESFORCE',
        writes: [salesforce('Title', 'S1'), okta('Title', 'O1')],
      }).values,
    ).toEqual(['O1', 'S1']);
  });

  it('accepts a Salesforce value pushed over the last Okta write only when the log shows the push after it', () => {
    const writes = [salesforce('Title', 'S1'), okta('Title', 'O1')];
    expect(allowedFinalValues({ ...base, sourceOfTruth: 'OKTA', writes }).values).toEqual(['O1']);
    expect(
      allowedFinalValues({
        ...base,
        sourceOfTruth: 'OKTA',
        writes,
        oktaWriteReplacedByPush: true,
      }),
    ).toEqual({ values: ['O1', 'S1'], agree: true });
    // The last write came from Salesforce: nothing to accept.
    expect(
      allowedFinalValues({
        ...base,
        sourceOfTruth: 'SALESFORCE',
        writes: [okta('Title', 'O1'), salesforce('Title', 'S1')],
        oktaWriteReplacedByPush: true,
      }).values,
    ).toEqual(['S1']);
  });

  it('reads the source of truth from the mapping and compares values as the transform does', () => {
    expect(sourceOfTruthOf({ direction: 'OKTA_TO_SALESFORCE', sourceOfTruth: 'SALESFORCE' })).toBe(
      'OKTA',
    );
    expect(sourceOfTruthOf({ direction: 'BOTH', sourceOfTruth: 'SALESFORCE' })).toBe('SALESFORCE');
    expect(comparable({ transform: 'PHONE_E164' }, '+1 415 555 0101')).toBe(
      comparable({ transform: 'PHONE_E164' }, '+14155550101'),
    );
    expect(comparable({ transform: 'TRIM' }, null)).toBe('');
  });
});
