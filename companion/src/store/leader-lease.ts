/**
 * The lease several instances elect their leader with: one named row holding the leader's
 * instance id and its last renewal, on the database's clock (so instances' clocks cannot
 * disagree about expiry). Only a networked store has one; an embedded store has a single
 * instance, which always leads.
 */
export interface LeaderLease {
  /**
   * Takes the lease when it is free or expired, renews it when `holder` has it; answers who
   * holds it afterwards (null: nobody, which cannot follow a successful take).
   */
  acquire(holder: string, ttlMs: number): Promise<string | null>;
  /** Gives the lease up if `holder` has it, so another instance can take it at once. */
  release(holder: string): Promise<void>;
  /** Records that `instanceId` is alive, on the database's clock. */
  heartbeat(instanceId: string): Promise<void>;
  /**
   * Expires the queue leases held by instances whose last heartbeat is older than `silentMs`
   * (a killed process), so their jobs are claimed again now rather than when each lease would
   * have run out; forgets heartbeats older than a day. Answers how many leases it expired.
   */
  expireLeasesOfSilentInstances(silentMs: number): Promise<number>;
}
