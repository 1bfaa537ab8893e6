import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../types.js';
import { openSqliteStore, type SqliteStoreOptions } from './open-sqlite-store.js';

/**
 * Store files in temp directories, and connections to them as separate processes would have:
 * `file()` names a new file, `open()` opens a connection; `cleanup()` (in afterEach) closes
 * every connection and removes the files.
 */
export function storeFiles() {
  const dirs: string[] = [];
  const stores: Store[] = [];
  return {
    file(): string {
      const dir = mkdtempSync(join(tmpdir(), 'okta-sync-store-'));
      dirs.push(dir);
      return join(dir, 'companion.sqlite');
    },
    open(options: SqliteStoreOptions): Store {
      const store = openSqliteStore(options);
      stores.push(store);
      return store;
    },
    async cleanup(): Promise<void> {
      for (const store of stores.splice(0)) await store.close();
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}
