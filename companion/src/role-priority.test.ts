import { describe, expect, it } from 'vitest';
import { roleNiceValue } from './role-priority.js';

describe('roleNiceValue', () => {
  it('lowers a worker to the configured nice value, never raises any process', () => {
    expect(roleNiceValue('worker', 10, 0)).toBe(10);
    expect(roleNiceValue('worker', 10, 15)).toBeUndefined();
    expect(roleNiceValue('worker', 0, 0)).toBeUndefined();
    expect(roleNiceValue('intake', 10, 0)).toBeUndefined();
    expect(roleNiceValue('all', 10, 0)).toBeUndefined();
  });
});
