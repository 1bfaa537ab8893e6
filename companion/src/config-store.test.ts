import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment } from './config.js';

function storeOf(env: Record<string, string>) {
  const parsed = parseEnvironment(env);
  return parsed.mode === 'sandbox' ? parsed.common.store : parsed.config.store;
}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('store configuration', () => {
  it('keeps the SQLite file by default', () => {
    const store = storeOf({ DATA_DIR: '/var/lib/companion' });
    expect(store.path).toBe('/var/lib/companion/companion.sqlite');
    expect(store.databaseUrl).toBeUndefined();
  });

  it('selects PostgreSQL with DATABASE_URL, kept as a secret, and takes an instance id', () => {
    const url = 'postgres://companion:s3cret@db.internal:5432/companion';
    const store = storeOf({ DATABASE_URL: url, INSTANCE_ID: 'companion-a' });
    expect(store.databaseUrl?.reveal()).toBe(url);
    expect(String(store.databaseUrl)).not.toContain('s3cret');
    expect(store.instanceId).toBe('companion-a');
    expect(storeOf({ DATABASE_URL: 'postgresql://db/companion' }).databaseUrl).toBeDefined();
  });

  it('names DATABASE_URL when it is not a PostgreSQL URL, without repeating it', () => {
    for (const bad of ['mysql://u:p4ss@db/x', 'db.internal:5432', 'postgres://']) {
      const error = errorOf({ DATABASE_URL: bad });
      expect(error.issues.map((i) => i.variable)).toEqual(['DATABASE_URL']);
      expect(error.message).toContain('postgres://user:password@host:5432/database');
      expect(error.message).not.toContain('p4ss');
    }
  });

  it('names INSTANCE_ID when it holds characters a lease owner cannot', () => {
    expect(errorOf({ INSTANCE_ID: 'a:b' }).issues.map((i) => i.variable)).toEqual(['INSTANCE_ID']);
  });
});
