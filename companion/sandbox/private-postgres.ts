import { execFile } from 'node:child_process';
import {
  accessSync,
  chownSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A private, throwaway PostgreSQL cluster for tests and benchmarks: initdb in a temp dir,
 * pg_ctl on a free port, its socket in the same dir, removed on stop. initdb refuses to run as
 * root, so as root the cluster runs as the `postgres` user (or `nobody`). Uses Debian's
 * postgresql package (`.ci/run` installs it) or initdb/pg_ctl on PATH.
 */

const run = promisify(execFile);

export interface PostgresServer {
  adminUrl: string;
  /** The cluster's data directory (its postmaster.pid names the server process). */
  dataDir?: string;
  stop(): Promise<void>;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The directory holding initdb and pg_ctl: on PATH, else Debian's newest install. */
export function findPostgresBin(): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir && executable(join(dir, 'initdb')) && executable(join(dir, 'pg_ctl'))) return dir;
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => executable(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresUnavailable(): string | undefined {
  if (process.env['TEST_DATABASE_URL']) return undefined;
  return findPostgresBin() === undefined
    ? 'PostgreSQL is not installed (no initdb/pg_ctl on PATH or in /usr/lib/postgresql) and TEST_DATABASE_URL is not set'
    : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** As root, the user the cluster runs as; otherwise the current user runs it. */
async function clusterUser(): Promise<{ name: string; uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number((await run('id', ['-u', name])).stdout.trim());
      const gid = Number((await run('id', ['-g', name])).stdout.trim());
      return { name, uid, gid };
    } catch {
      // Try the next user.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody user exists to run initdb');
}

export interface ClusterOptions {
  /**
   * fsync and synchronous commit as PostgreSQL ships them (benchmarks: a commit waits for the
   * disk). Off by default: tests need no durability across a power cut.
   */
  durable?: boolean;
}

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(postgresUnavailable());
  const user = await clusterUser();
  const dir = mkdtempSync(join(tmpdir(), 'companion-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const as = (command: string, args: string[]) =>
    user
      ? run('runuser', ['-u', user.name, '--', join(bin, command), ...args])
      : run(join(bin, command), args);
  const port = await freePort();
  try {
    await as('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    await as('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${options.durable ? '' : ' -c fsync=off'}`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    dataDir: data,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
