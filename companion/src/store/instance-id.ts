import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * A companion instance's identity, stable across restarts of the same deployment: a random id
 * stored once beside its store file (`<store>.instance-id`). Queue leases are owned per
 * instance and run (`<instance id>:<run id>`), so a restarted instance knows which leases its
 * killed predecessor left behind. An in-memory store gets a new id each time. Instances
 * sharing a PostgreSQL database have no file of their own: they are named by INSTANCE_ID, or
 * their host name and port (store/open-configured-store.ts).
 */
export function instanceIdFor(storePath: string): string {
  if (storePath === ':memory:' || storePath === '') return randomUUID();
  const file = `${storePath}.instance-id`;
  const existing = readId(file);
  if (existing) return existing;
  const id = randomUUID();
  try {
    writeFileSync(file, `${id}\n`, { flag: 'wx', mode: 0o600 });
    return id;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readId(file) ?? id;
    throw error;
  }
}

function readId(file: string): string | undefined {
  try {
    const id = readFileSync(file, 'utf8').trim();
    return /^[A-Za-z0-9._-]{1,100}$/.test(id) ? id : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The worker id of one run of an instance. */
export function runWorkerId(instanceId: string, runId: string = randomUUID().slice(0, 8)): string {
  return `${instanceId}:${runId}`;
}

/** The prefix every run of an instance shares in its worker ids. */
export const instanceLeasePrefix = (instanceId: string) => `${instanceId}:`;
