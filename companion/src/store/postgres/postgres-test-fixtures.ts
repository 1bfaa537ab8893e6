import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  postgresUnavailable,
  startPostgresCluster,
  type PostgresServer,
} from '../../../sandbox/private-postgres.js';

export { findPostgresBin, postgresUnavailable } from '../../../sandbox/private-postgres.js';

/**
 * PostgreSQL for tests: `TEST_DATABASE_URL` when set (a server the tests may create
 * databases on), otherwise a private throwaway cluster (initdb in a temp dir, pg_ctl on a
 * free port, its socket in the same dir) started for the test file and removed after it.
 * Each file gets databases of its own. initdb refuses to run as root, so as root the cluster
 * runs as the `postgres` user (or `nobody`).
 */

export interface TestPostgres {
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A server for one test file: TEST_DATABASE_URL's, or a cluster of its own. */
export async function startTestPostgres(): Promise<TestPostgres & { stop(): Promise<void> }> {
  const given = process.env['TEST_DATABASE_URL'];
  const server: PostgresServer = given
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
