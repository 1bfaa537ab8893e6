import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { databaseConnectFailure } from '../startup-failure.js';
import type { LeaderLease } from './leader-lease.js';
import { SchemaTooNewError } from './sqlite/migrate.js';
import { instanceIdFor } from './instance-id.js';
import { openPostgresStore } from './postgres/open-postgres-store.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { Store } from './types.js';

export interface StoreSettings {
  /** The SQLite file, used when no database URL is given. */
  path: string;
  /** postgres://… : PostgreSQL, shared by several instances. */
  databaseUrl?: string | undefined;
  /** This instance's id; derived when absent. */
  instanceId?: string | undefined;
  /** An intake leaves SQLite's WAL checkpoints to the worker sharing its file. */
  intake?: boolean;
}

/**
 * The intake's checkpoint threshold: high enough that a worker sharing the file (1000 pages)
 * always checkpoints first, low enough that an intake left alone keeps its WAL near 40 MB.
 */
export const INTAKE_WAL_AUTOCHECKPOINT_PAGES = 10_000;

export interface ConfiguredStore {
  store: Store;
  /** Owns this instance's queue leases and, on PostgreSQL, its claim to leadership. */
  instanceId: string;
  /** Absent on SQLite: its single instance always leads. */
  leaderLease: LeaderLease | undefined;
  backend: 'sqlite' | 'postgres';
}

/**
 * An instance id stable across restarts of one deployment: the host name and the HTTP port
 * (instances on one host listen on different ports; containers have host names of their own).
 */
export function defaultNetworkedInstanceId(port: number, host: string = hostname()): string {
  const name = host.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 80) || 'companion';
  // Port 0 (any free port, tests and the CLI) names no instance: a run of its own.
  return port === 0 ? `${name}-${randomUUID().slice(0, 8)}` : `${name}-${port}`;
}

/** The store the configuration selects: PostgreSQL with a database URL, else the SQLite file. */
export async function openConfiguredStore(
  settings: StoreSettings,
  options: { now: () => Date; port: number },
): Promise<ConfiguredStore> {
  if (settings.databaseUrl !== undefined) {
    const url = settings.databaseUrl;
    const store = await openPostgresStore({ connectionString: url, now: options.now }).catch(
      (error: unknown) => {
        // A schema written by a newer release says so itself.
        throw error instanceof SchemaTooNewError ? error : databaseConnectFailure(url, error);
      },
    );
    return {
      store,
      instanceId: settings.instanceId ?? defaultNetworkedInstanceId(options.port),
      leaderLease: store.leaderLease,
      backend: 'postgres',
    };
  }
  return {
    store: openSqliteStore({
      path: settings.path,
      now: options.now,
      // An intake waits for a worker's write lock on its event loop, never asleep in SQLite.
      ...(settings.intake
        ? { walAutocheckpointPages: INTAKE_WAL_AUTOCHECKPOINT_PAGES, lockWait: 'yield' as const }
        : {}),
    }),
    instanceId: settings.instanceId ?? instanceIdFor(settings.path),
    leaderLease: undefined,
    backend: 'sqlite',
  };
}
