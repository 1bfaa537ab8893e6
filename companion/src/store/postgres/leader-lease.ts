import type pg from 'pg';
import type { LeaderLease } from '../leader-lease.js';

/** The lease is a row of the cursors table (name, value: the holder, updated_at: renewal). */
export const LEADER_LEASE_NAME = 'leadership.leader';

const DB_NOW_MS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`;

/**
 * One statement takes or renews the lease: the upsert succeeds when the row is absent, ours,
 * or older than the lease's life; otherwise the current holder is read from the same snapshot.
 */
const acquire = `
  WITH taken AS (
    INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, ${DB_NOW_MS})
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
      WHERE cursors.value = excluded.value OR cursors.updated_at <= excluded.updated_at - $3
    RETURNING value
  )
  SELECT value AS holder FROM taken
  UNION ALL
  SELECT value AS holder FROM cursors
  WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM taken)`;

/** Each instance's heartbeat is a cursors row too: `instance.heartbeat.<instance id>`. */
export const HEARTBEAT_PREFIX = 'instance.heartbeat.';

/**
 * A worker id is `<instance id>:<run>` and an instance id holds no colon. A lease set to 0 has
 * run out: any instance claims the job (counting the abandoned attempt), and the silent
 * instance, should it come back, can no longer complete it.
 */
const expireSilent = `
  WITH silent AS (
    SELECT substr(name, ${HEARTBEAT_PREFIX.length + 1}) AS instance_id FROM cursors
    WHERE left(name, ${HEARTBEAT_PREFIX.length}) = '${HEARTBEAT_PREFIX}'
      AND updated_at <= ${DB_NOW_MS} - $1
  ),
  forgotten AS (
    DELETE FROM cursors
    WHERE left(name, ${HEARTBEAT_PREFIX.length}) = '${HEARTBEAT_PREFIX}'
      AND updated_at <= ${DB_NOW_MS} - 86400000
  )
  UPDATE jobs SET lease_until = 0
  WHERE state = 'leased' AND lease_until > 0
    AND split_part(worker_id, ':', 1) IN (SELECT instance_id FROM silent)`;

export function createPgLeaderLease(pool: Pick<pg.Pool, 'query'>): LeaderLease {
  return {
    acquire: async (holder, ttlMs) => {
      const { rows } = await pool.query<{ holder: string }>(acquire, [
        LEADER_LEASE_NAME,
        holder,
        Math.max(1, Math.floor(ttlMs)),
      ]);
      return rows[0]?.holder ?? null;
    },
    release: async (holder) => {
      await pool.query('DELETE FROM cursors WHERE name = $1 AND value = $2', [
        LEADER_LEASE_NAME,
        holder,
      ]);
    },
    heartbeat: async (instanceId) => {
      await pool.query(
        `INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, ${DB_NOW_MS})
         ON CONFLICT (name) DO UPDATE SET updated_at = excluded.updated_at`,
        [`${HEARTBEAT_PREFIX}${instanceId}`, instanceId],
      );
    },
    expireLeasesOfSilentInstances: async (silentMs) =>
      (await pool.query(expireSilent, [Math.max(1, Math.floor(silentMs))])).rowCount ?? 0,
  };
}
