import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgresCluster, type PostgresServer } from '../sandbox/private-postgres.js';
import type { CompanionRole } from '../src/config.js';

/**
 * How the benchmarked companion is deployed: on which store, how many instances, and whether
 * each instance is one process (`all`) or an intake and a worker process.
 */
export interface HookTopology {
  store: 'sqlite' | 'postgres';
  instances: number;
  split: boolean;
}

export const ONE_PROCESS: HookTopology = { store: 'sqlite', instances: 1, split: false };

export interface CompanionProcessPlan {
  /** e.g. `a-intake`, `b-worker`, `a`. */
  name: string;
  role: CompanionRole;
  /** The companion's configuration for this process. */
  env: Record<string, string>;
}

/** Pure: the processes of a topology and each one's configuration. */
export function processPlan(
  topology: HookTopology,
  shared: { dataDir: string; databaseUrl?: string | undefined },
): CompanionProcessPlan[] {
  if (topology.store === 'sqlite' && topology.instances !== 1) {
    throw new Error('the SQLite store serves one instance (its processes share the file)');
  }
  if (topology.store === 'postgres' && shared.databaseUrl === undefined) {
    throw new Error('a PostgreSQL topology needs a database URL');
  }
  const roles: CompanionRole[] = topology.split ? ['intake', 'worker'] : ['all'];
  return Array.from({ length: topology.instances }, (_, i) => String.fromCharCode(97 + i)).flatMap(
    (instance) =>
      roles.map((role) => {
        const name = role === 'all' ? instance : `${instance}-${role}`;
        return {
          name,
          role,
          env: {
            COMPANION_ROLE: role,
            DATA_DIR: shared.dataDir,
            ...(shared.databaseUrl === undefined
              ? {}
              : { DATABASE_URL: shared.databaseUrl, INSTANCE_ID: `bench-${name}` }),
          },
        };
      }),
  );
}

export function describeTopology(topology: HookTopology): string {
  const store = topology.store === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const instance = topology.split ? 'intake + worker' : 'one process';
  return topology.instances === 1
    ? `${store}, ${instance}`
    : `${store}, ${topology.instances} × (${instance})`;
}

/** CPU time of a process and its children (Linux /proc), in ms: the database server's share. */
export function processTreeCpuMs(rootPid: number): number {
  const ticksPerSecond = 100;
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command (in parentheses, which may hold spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    if (Number(entry) !== rootPid && ppid !== rootPid) continue;
    total += Number(fields[11]) + Number(fields[12]);
    // The root also carries the CPU of children it has reaped (connections that ended).
    if (Number(entry) === rootPid) total += Number(fields[13]) + Number(fields[14]);
  }
  return (total / ticksPerSecond) * 1000;
}

export interface BenchStore {
  dataDir: string;
  databaseUrl?: string;
  /** CPU the database server has used so far, ms (PostgreSQL only). */
  databaseCpuMs(): number | undefined;
  close(): Promise<void>;
}

/**
 * The store the companion processes share: a data directory (SQLite), or a private durable
 * PostgreSQL cluster (fsync on, as a production server runs) with an empty database.
 */
export async function startBenchStore(topology: HookTopology): Promise<BenchStore> {
  const dataDir = mkdtempSync(join(tmpdir(), 'okta-sync-bench-shared-'));
  if (topology.store === 'sqlite') {
    return {
      dataDir,
      databaseCpuMs: () => undefined,
      close: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const server: PostgresServer = await startPostgresCluster({ durable: true });
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE companion_bench');
  await admin.end();
  const url = new URL(server.adminUrl);
  url.pathname = '/companion_bench';
  const postmasterPid = server.dataDir
    ? Number(readFileSync(join(server.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    : undefined;
  return {
    dataDir,
    databaseUrl: url.toString(),
    databaseCpuMs: () => (postmasterPid ? processTreeCpuMs(postmasterPid) : undefined),
    close: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
