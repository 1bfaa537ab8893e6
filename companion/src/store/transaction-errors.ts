/** The misuses of `Store.transaction` every implementation reports the same way. */

export class TransactionEndedError extends Error {
  override readonly name = 'TransactionEndedError';

  constructor() {
    super('the transaction has already ended: use the store, not the transaction it passed');
  }
}

export class OuterStoreInTransactionError extends Error {
  override readonly name = 'OuterStoreInTransactionError';

  constructor() {
    super(
      'a transaction callback called the store it runs on, which waits for the transaction to end: ' +
        'call through the transaction passed to the callback',
    );
  }
}
