/**
 * The synchronous form of an asynchronous repository interface. better-sqlite3 answers in
 * place, so the SQLite repositories are written against this form and `asyncRepository`
 * lifts them to the store's interface.
 */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

/** Runs a synchronous store call where it may run: now, or once a transaction has ended. */
export type Runner = <R>(call: () => R) => Promise<R>;

export function asyncRepository<T extends object>(repository: Synchronous<T>, run: Runner): T {
  const lifted: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    if (typeof method !== 'function') continue;
    lifted[name] = (...args: unknown[]) =>
      run(() => (method as (...args: unknown[]) => unknown).apply(repository, args));
  }
  // Each method of Synchronous<T> became the Promise-returning method of T above.
  return lifted as T;
}
