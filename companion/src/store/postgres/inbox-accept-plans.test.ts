import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import type { Store } from '../types.js';
import { openPostgresStore } from './open-postgres-store.js';
import { describeWithPostgres } from './postgres-test-fixtures.js';

const ACCEPT = 'SELECT inbox_accept($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)';

/** An accept of `count` new events, as the inbox sends it, on the given connection. */
async function accept(client: pg.Client, from: number, count: number): Promise<void> {
  const ids = Array.from({ length: count }, (_, i) => `ev-${from + i}`);
  const each = <T>(value: T) => ids.map(() => value);
  await client.query(ACCEPT, [
    ids,
    each('okta-hook'),
    each('user.account.update_profile'),
    ids.map((_, i) => `okta-user:${(from + i) % 500}`),
    each('okta-user-sync'),
    each('2026-03-01T10:00:00.000Z'),
    each(Date.parse('2026-03-01T10:00:00.000Z')),
    each('2026-03-01T10:00:01.000Z'),
    each('{}'),
    Date.now(),
  ]);
}

/**
 * A connection keeps the plans of the function's statements, made on its first calls. A new
 * deployment makes them while the inbox is empty; they must still read the inbox by key once
 * it holds every event of the last days.
 */
describeWithPostgres('PostgreSQL inbox accept plans', (db) => {
  const stores: Store[] = [];
  const clients: pg.Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.end();
    for (const store of stores.splice(0)) await store.close();
  });

  it('reads the inbox by its indexes, with plans made while it was empty', async () => {
    const url = await db.createDatabase();
    stores.push(await openPostgresStore({ connectionString: url }));
    const client = new pg.Client({ connectionString: url });
    clients.push(client);
    await client.connect();
    const [role] = (
      await client.query<{ rolsuper: boolean }>(
        'SELECT rolsuper FROM pg_roles WHERE rolname = current_user',
      )
    ).rows;
    if (!role?.rolsuper) {
      // Plans can be watched only by a superuser (auto_explain); say at least what is asked.
      const { rows } = await client.query<{ proconfig: string[] | null }>(
        "SELECT proconfig FROM pg_proc WHERE proname = 'inbox_accept'",
      );
      expect(rows[0]?.proconfig).toContain('enable_seqscan=off');
      return;
    }

    // The plans are made, and kept as generic plans, while the inbox holds a few events.
    for (let call = 0; call < 8; call++) await accept(client, call * 5, 5);
    const filler = new pg.Client({ connectionString: url });
    clients.push(filler);
    await filler.connect();
    for (let batch = 0; batch < 10; batch++) await accept(filler, 1_000 + batch * 500, 500);

    const plans: string[] = [];
    client.on('notice', (notice) => plans.push(notice.message ?? ''));
    await client.query("LOAD 'auto_explain'");
    await client.query('SET auto_explain.log_min_duration = 0');
    await client.query('SET auto_explain.log_nested_statements = on');
    await client.query('SET client_min_messages = log');
    await accept(client, 100_000, 50);
    await client.query('SET client_min_messages = notice');

    const text = plans.join('\n');
    expect(text).toContain('INSERT INTO inbox_events');
    expect(text).toMatch(/Index (Only )?Scan using inbox_events_event_id_key/);
    expect(text).not.toMatch(/Seq Scan on (inbox_events|jobs)\b/);
  });
});
