import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret } from './secret.js';

describe('Secret', () => {
  it('never prints its value', () => {
    const secret = new Secret('s3cr3t');
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ secret })).not.toContain('s3cr3t');
    expect(secret.reveal()).toBe('s3cr3t');
  });

  it('compares candidates', () => {
    const secret = new Secret('abc');
    expect(secret.matches('abc')).toBe(true);
    expect(secret.matches('abd')).toBe(false);
    expect(secret.matches('ab')).toBe(false);
    expect(secret.matches(undefined)).toBe(false);
  });
});
