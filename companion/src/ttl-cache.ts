/**
 * Remembers the result of `load` for `ttlMs`; concurrent callers share one load. A failed load
 * is forgotten at once, so the next call tries again.
 */
export function cachedFor<T>(
  ttlMs: number,
  load: () => Promise<T>,
  now: () => number = Date.now,
): () => Promise<T> {
  let value: { at: number; result: Promise<T> } | undefined;
  return () => {
    const at = now();
    if (!value || at - value.at > ttlMs) {
      const result = load();
      const entry = { at, result };
      value = entry;
      result.catch(() => {
        if (value === entry) value = undefined;
      });
    }
    return value.result;
  };
}
