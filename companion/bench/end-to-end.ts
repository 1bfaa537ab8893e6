/**
 * End-to-end latency of profile updates: update number `version` of a user counts as applied
 * when a Contact write for that user carries that version or a later one (the sync reads the
 * current user, so one write can apply several queued updates).
 */

export interface PublishedUpdate {
  userId: string;
  version: number;
  /** Epoch milliseconds when the update happened in Okta (the event's publication). */
  atMs: number;
}

export interface ContactWrite {
  userId: string;
  version: number;
  atMs: number;
}

export interface EndToEndResult {
  latenciesMs: number[];
  /** Updates no write has applied yet. */
  unapplied: number;
  /** When the last update was applied (epoch ms), if any. */
  lastAppliedAtMs: number | undefined;
}

export function endToEndLatencies(
  published: readonly PublishedUpdate[],
  writes: readonly ContactWrite[],
): EndToEndResult {
  const writesByUser = new Map<string, ContactWrite[]>();
  for (const write of writes) {
    const list = writesByUser.get(write.userId) ?? [];
    list.push(write);
    writesByUser.set(write.userId, list);
  }
  for (const list of writesByUser.values()) list.sort((a, b) => a.atMs - b.atMs);

  const latenciesMs: number[] = [];
  let unapplied = 0;
  let lastAppliedAtMs: number | undefined;
  for (const update of published) {
    const applied = writesByUser
      .get(update.userId)
      ?.find((w) => w.version >= update.version && w.atMs >= update.atMs);
    if (!applied) {
      unapplied += 1;
      continue;
    }
    latenciesMs.push(applied.atMs - update.atMs);
    lastAppliedAtMs = Math.max(lastAppliedAtMs ?? applied.atMs, applied.atMs);
  }
  return { latenciesMs, unapplied, lastAppliedAtMs };
}

/** Users whose last published version no write has reached yet. */
export function unfinishedUsers(
  lastVersionByUser: ReadonlyMap<string, number>,
  writtenVersionByUser: ReadonlyMap<string, number>,
): number {
  let open = 0;
  for (const [userId, version] of lastVersionByUser) {
    if ((writtenVersionByUser.get(userId) ?? 0) < version) open += 1;
  }
  return open;
}
