import { describeStoreContract } from '../store-contract-test-fixtures.js';
import { openPostgresStore } from './open-postgres-store.js';
import { describeWithPostgres } from './postgres-test-fixtures.js';

describeWithPostgres('PostgreSQL store', (db) => {
  describeStoreContract('PostgreSQL', async ({ now }) =>
    openPostgresStore({ connectionString: await db.createDatabase(), now }),
  );
});
