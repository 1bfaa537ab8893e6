import type { NormalizedEvent } from './inbound-event.js';

/**
 * The decisions of accepting a batch of inbound events as set-based statements, apart from
 * the statements: which events to insert, which pending jobs to look for, and which events
 * join a pending job and which need a new one.
 */

/** A queue job's identity for joining: one pending job per (subject key, kind). */
export interface JobKey {
  subjectKey: string;
  kind: string;
}

export interface PendingJob extends JobKey {
  id: number;
}

const joinKey = (subjectKey: string, kind: string) => `${subjectKey}\u0000${kind}`;

/** The batch without repeated event ids, the first occurrence winning, in batch order. */
export function firstOccurrences(events: readonly NormalizedEvent[]): NormalizedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.eventId)) return false;
    seen.add(event.eventId);
    return true;
  });
}

/** The distinct job keys of the events, in the order they first appear. */
export function jobKeysOf(events: readonly NormalizedEvent[]): JobKey[] {
  const keys = new Map<string, JobKey>();
  for (const event of events) {
    const key = joinKey(event.subjectKey, event.jobKind);
    if (!keys.has(key)) keys.set(key, { subjectKey: event.subjectKey, kind: event.jobKind });
  }
  return [...keys.values()];
}

export interface JobAssignment {
  /** The pending job each key with inserted events joins, one per key. */
  joined: PendingJob[];
  /** Keys of inserted events with no pending job: one new job each, in batch order. */
  missing: JobKey[];
}

/**
 * Where the inserted events go. A key may have several pending jobs (two instances opened
 * one each at the same time); the newest is joined, as it is the one a later event joins.
 */
export function assignJobs(
  inserted: readonly NormalizedEvent[],
  pending: readonly PendingJob[],
): JobAssignment {
  const newest = new Map<string, PendingJob>();
  for (const job of pending) {
    const key = joinKey(job.subjectKey, job.kind);
    const known = newest.get(key);
    if (!known || known.id < job.id) newest.set(key, job);
  }
  const joined: PendingJob[] = [];
  const missing: JobKey[] = [];
  for (const key of jobKeysOf(inserted)) {
    const job = newest.get(joinKey(key.subjectKey, key.kind));
    if (job) joined.push(job);
    else missing.push(key);
  }
  return { joined, missing };
}
