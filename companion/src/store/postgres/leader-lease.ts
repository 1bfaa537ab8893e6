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
  };
}
