/**
 * Row lock contention (realistic profile). Salesforce locks a parent record while its children
 * are written, so concurrent writes to records under one Account fail with UNABLE_TO_LOCK_ROW
 * more often ("Record Locking Cheat Sheet"; "Designing Record Access for Enterprise Scale").
 * Here a record whose parent Account another transaction wrote within `windowMs` fails with that
 * error with probability `rate`.
 */
import type { Row } from './store/record-store.js';

/** The field naming the parent Account of each object that locks one. */
const PARENT_FIELD: Readonly<Record<string, string>> = {
  Contact: 'AccountId',
  Opportunity: 'AccountId',
  Case: 'AccountId',
  AccountTeamMember: 'AccountId',
};

export class LockContention {
  readonly #lastWrite = new Map<string, { at: number; transactionKey: string }>();

  constructor(
    private readonly options: {
      readonly windowMs: number;
      readonly rate: number;
      readonly random: () => number;
      readonly now?: () => number;
    },
  ) {}

  /** The Account a write to this record locks: the Account itself, or the record's parent. */
  static parentOf(objectName: string, id: string, row: Row | undefined): string | undefined {
    if (objectName === 'Account') return id;
    const field = PARENT_FIELD[objectName];
    const parent = field ? row?.[field] : undefined;
    return typeof parent === 'string' && parent !== '' ? parent : undefined;
  }

  /** Whether this write fails on a lock held by another transaction; notes it when it succeeds. */
  collides(parentId: string, transactionKey: string): boolean {
    const now = (this.options.now ?? Date.now)();
    const last = this.#lastWrite.get(parentId);
    if (
      last &&
      last.transactionKey !== transactionKey &&
      now - last.at < this.options.windowMs &&
      this.options.random() < this.options.rate
    ) {
      return true;
    }
    this.#lastWrite.set(parentId, { at: now, transactionKey });
    return false;
  }

  reset(): void {
    this.#lastWrite.clear();
  }
}
