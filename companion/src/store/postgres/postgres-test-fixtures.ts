import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';

/**
 * PostgreSQL for tests: `TEST_DATABASE_URL` when set (a server the tests may create
 * databases on), otherwise a private throwaway cluster (initdb in a temp dir, pg_ctl on a
 * free port, its socket in the same dir) started for the test file and removed after it.
 * Each file gets databases of its own. initdb refuses to run as root, so as root the cluster
 * runs as the `postgres` user (or `nobody`).
 */

const run = promisify(execFile);

export interface TestPostgres {
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
}

interface Server {
  adminUrl: string;
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

export async function startPostgresCluster(): Promise<Server> {
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
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A server for one test file: TEST_DATABASE_URL's, or a cluster of its own. */
export async function startTestPostgres(): Promise<TestPostgres & { stop(): Promise<void> }> {
  const given = process.env['TEST_DATABASE_URL'];
  const server: Server = given
    ? { adminUrl: given, stop: async () => undefined }
    : await startPostgresCluster();
  const admin = new pg.Pool({ connectionString: server.adminUrl, max: 2 });
  const created: string[] = [];
  return {
    createDatabase: async () => {
      const name = `companion_test_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${name}`);
      created.push(name);
      return withDatabase(server.adminUrl, name);
    },
    stop: async () => {
      if (given) {
        for (const name of created) {
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        }
      }
      await admin.end();
      await server.stop();
    },
  };
}

/**
 * A describe block that runs against PostgreSQL. Without PostgreSQL it is skipped with a
 * visible message, except in CI (CI set), where a missing database fails the run.
 */
export function describeWithPostgres(name: string, body: (db: TestPostgres) => void): void {
  const missing = postgresUnavailable();
  if (missing) {
    if (inCi()) {
      describe(name, () => {
        it('needs PostgreSQL', () => {
          throw new Error(`${missing}: CI must run the PostgreSQL tests (.ci/run installs it)`);
        });
      });
      return;
    }
    console.warn(`SKIPPED ${name}: ${missing}`);
    describe.skip(`${name} (skipped: ${missing})`, () => {
      it('needs PostgreSQL', () => undefined);
    });
    return;
  }
  describe(name, () => {
    let server: (TestPostgres & { stop(): Promise<void> }) | undefined;
    beforeAll(async () => {
      server = await startTestPostgres();
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
    });
    body({
      createDatabase: () => {
        if (!server) throw new Error('PostgreSQL has not started');
        return server.createDatabase();
      },
    });
  });
}

function inCi(): boolean {
  const ci = process.env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}
