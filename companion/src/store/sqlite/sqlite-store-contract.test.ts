import { describeStoreContract } from '../store-contract-test-fixtures.js';
import { openSqliteStore } from './open-sqlite-store.js';

describeStoreContract('SQLite (in memory)', ({ now }) =>
  openSqliteStore({ path: ':memory:', now }),
);
