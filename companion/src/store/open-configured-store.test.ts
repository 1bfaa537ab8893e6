import { describe, expect, it } from 'vitest';
import { defaultNetworkedInstanceId, openConfiguredStore } from './open-configured-store.js';

describe('the configured store', () => {
  it('is the SQLite file without a database URL, with its instance id', async () => {
    const opened = await openConfiguredStore(
      { path: ':memory:', instanceId: 'solo' },
      { now: () => new Date(), port: 8787 },
    );
    expect(opened).toMatchObject({ backend: 'sqlite', instanceId: 'solo', leaderLease: undefined });
    await opened.store.close();
  });

  it('names a networked instance by host and port, and a run of its own on port 0', () => {
    expect(defaultNetworkedInstanceId(8787, 'web_1.example')).toBe('web_1.example-8787');
    expect(defaultNetworkedInstanceId(8787, 'bad host:name')).toBe('bad-host-name-8787');
    const a = defaultNetworkedInstanceId(0, 'h');
    expect(a).toMatch(/^h-[0-9a-f]{8}$/);
    expect(defaultNetworkedInstanceId(0, 'h')).not.toBe(a);
  });
});

describe('a PostgreSQL store that cannot be opened', () => {
  it('says where, without the password, and what to check', async () => {
    const opening = openConfiguredStore(
      { path: ':memory:', databaseUrl: 'postgres://companion:s3cret@127.0.0.1:9/companion' },
      { now: () => new Date(), port: 8787 },
    );
    await expect(opening).rejects.toThrow(
      'Could not reach PostgreSQL at 127.0.0.1:9/companion (DATABASE_URL): nothing accepts connections there (connection refused).',
    );
    await expect(opening).rejects.not.toThrow(/s3cret/);
  });
});
