import { startSandbox, type Sandbox, type SandboxOptions } from '../sandbox/index.js';
import {
  sandboxProfile,
  type SandboxProfileName,
  type SandboxProfileOverrides,
} from '../sandbox/profile.js';
import type { LogEvent } from '../sandbox/okta/index.js';
import type { RecordChange, WriteContext } from '../sandbox/salesforce/index.js';
import {
  DRIFT_KINDS,
  planDrift,
  type DriftCandidate,
  type DriftKind,
  type DriftSpec,
} from './drift.js';
import type { ContactWrite, PublishedUpdate } from './end-to-end.js';
import { unfinishedUsers } from './end-to-end.js';
import { emptyCounts, endpointKey, type EndpointCounts } from './endpoint-key.js';
import {
  epochMs,
  startResourceMeter,
  type ResourceFigures,
  type ResourceMeter,
} from './resource-meter.js';

/**
 * The emulated orgs of a benchmark (the sandbox, as `npm start` runs it), instrumented: API
 * calls counted by endpoint, Contact writes that apply benchmark profile updates timed, and
 * the changes a benchmark needs made "inside" Okta and Salesforce.
 */

export interface WorldStartOptions {
  /** Customers in the seed (employees come on top). */
  customers: number;
  seed?: number;
  oktaRateLimits?: SandboxOptions['oktaRateLimits'];
  dailyApiLimit?: number;
  /** The orgs' timing (sandbox/profile.ts); instant unless named. */
  profile?: SandboxProfileName;
  /** Knobs of the named profile set otherwise (e.g. one at a time, to see which one costs). */
  profileOverrides?: SandboxProfileOverrides;
}

export interface WorldInfo {
  oktaUrl: string;
  salesforceUrl: string;
  oktaUsers: number;
  customers: number;
  contacts: number;
  accounts: number;
}

export type DriftApplied = Record<DriftKind, number>;

/** The mobile phone a benchmark Contact edit sets; Okta's copy gives the version back. */
export const benchPhone = (version: number) => `+14155${String(version).padStart(6, '0')}`;
const BENCH_PHONE = /^\+14155(\d{6})$/;
const OKTA_USER_PATH = /^\/api\/v1\/users\/([^/]+)$/;

/** The Title a benchmark profile update gives a user; the version is recovered from writes. */
export const benchTitle = (version: number) => `Bench v${version}`;
const BENCH_TITLE = /^Bench v(\d+)$/;

export interface WorldApi {
  start(options: WorldStartOptions): Promise<WorldInfo>;
  info(): Promise<WorldInfo>;
  resetCounters(): Promise<void>;
  counters(): Promise<EndpointCounts>;
  /** Clears Okta's per-minute rate-limit windows, as after a quiet minute. */
  freshOktaRateWindows(): Promise<void>;
  applyDrift(spec: DriftSpec): Promise<DriftApplied>;
  /**
   * Active customers with exactly one linked Contact, in a stable order; with `syncedOnly`, only
   * those whose Contact has been synced (a Contact edit wins over Okta only after a sync).
   */
  linkedCustomers(limit: number, options?: { syncedOnly?: boolean }): Promise<string[]>;
  /** Updates each user's title in Okta (as an admin would) and returns the logged events. */
  publishProfileUpdates(
    updates: { userId: string; version: number }[],
  ): Promise<{ events: LogEvent[]; published: PublishedUpdate[] }>;
  /**
   * Plans each user's title update (as an admin would make it) at `startsAt + offsetMs`, where
   * `startsAt` is `leadMs` from now, and returns the event each will log: the load generator
   * delivers them on schedule without asking the emulators, which make each change when its time
   * has come (however busy they are, before answering any request after it).
   */
  scheduleProfileUpdates(
    updates: { userId: string; version: number; offsetMs: number }[],
    leadMs: number,
  ): Promise<{ startsAt: number; events: LogEvent[] }>;
  /** Starts timing Contact writes of benchmark titles and waits for these final versions. */
  expectVersions(lastVersionByUser: [string, number][]): Promise<void>;
  /** Users whose expected final version no Contact write has reached yet. */
  unfinished(): Promise<number>;
  contactWrites(): Promise<ContactWrite[]>;
  /** Edits each user's Contact's MobilePhone in Salesforce (as a person would, not the companion). */
  editContactPhones(updates: { userId: string; version: number }[]): Promise<PublishedUpdate[]>;
  /** Starts timing Okta profile writes of benchmark phones and waits for these final versions. */
  expectOktaVersions(lastVersionByUser: [string, number][]): Promise<void>;
  unfinishedOkta(): Promise<number>;
  oktaWrites(): Promise<ContactWrite[]>;
  /** CPU and memory of the emulators from now on (to see whether they bound a benchmark). */
  markResources(): Promise<void>;
  readResources(): Promise<ResourceFigures>;
  close(): Promise<void>;
}

export function createWorldRole(): WorldApi {
  let sandbox: Sandbox | undefined;
  let counts = emptyCounts();
  let writes: ContactWrite[] = [];
  let written = new Map<string, number>();
  let expected = new Map<string, number>();
  let meter: ResourceMeter | undefined;
  let contactOfUser: Map<string, string> | undefined;
  let oktaWrites: ContactWrite[] = [];
  let oktaWritten = new Map<string, number>();
  let oktaExpected = new Map<string, number>();

  /** A successful profile update of a user through the API: when it carries a benchmark phone. */
  const observeOktaWrite = (method: string, path: string, status: number) => {
    if (method !== 'POST' || status !== 200 || !sandbox) return;
    const userId = OKTA_USER_PATH.exec(path)?.[1];
    const phone = userId ? sandbox.okta.state.users.get(userId)?.profile['mobilePhone'] : undefined;
    const version = typeof phone === 'string' ? BENCH_PHONE.exec(phone)?.[1] : undefined;
    if (!userId || version === undefined) return;
    const v = Number(version);
    oktaWrites.push({ userId, version: v, atMs: epochMs() });
    if ((oktaWritten.get(userId) ?? 0) < v) oktaWritten.set(userId, v);
  };

  const world = () => {
    if (!sandbox) throw new Error('the world is not started');
    return sandbox;
  };

  const info = (): WorldInfo => {
    const s = world();
    let customers = 0;
    for (const user of s.okta.state.users.values()) {
      if (user.profile['userType'] === 'Customer') customers += 1;
    }
    return {
      oktaUrl: s.okta.url,
      salesforceUrl: s.salesforce.url,
      oktaUsers: s.okta.state.users.size,
      customers,
      contacts: s.salesforce.db.count('Contact'),
      accounts: s.salesforce.db.count('Account'),
    };
  };

  const recordContactWrites = (s: Sandbox) => {
    const sink = s.streaming.sink;
    s.salesforce.setChangeEventSink({
      recordChanges(context: WriteContext, changes: readonly RecordChange[]) {
        sink.recordChanges(context, changes);
        const at = epochMs();
        for (const change of changes) {
          if (change.entityName !== 'Contact') continue;
          const title = change.fields['Title'];
          const version = typeof title === 'string' ? BENCH_TITLE.exec(title)?.[1] : undefined;
          if (version === undefined) continue;
          const row = s.salesforce.db.get('Contact', change.recordId);
          const userId = row?.['Okta_User_Id__c'];
          if (typeof userId !== 'string') continue;
          const v = Number(version);
          writes.push({ userId, version: v, atMs: at });
          if ((written.get(userId) ?? 0) < v) written.set(userId, v);
        }
      },
      publishPlatformEvent: (context, eventName, payload) =>
        sink.publishPlatformEvent(context, eventName, payload),
    });
  };

  /** Active customers and their Contacts, when exactly one Contact is linked to them. */
  const linkedPairs = (syncedOnly = false): DriftCandidate[] => {
    const s = world();
    const byUser = new Map<string, string[]>();
    for (const contact of s.salesforce.db.all('Contact')) {
      const link = contact['Okta_User_Id__c'];
      if (typeof link !== 'string') continue;
      if (syncedOnly && !contact['Okta_Last_Synced_At__c']) continue;
      const key = link.toLowerCase();
      byUser.set(key, [...(byUser.get(key) ?? []), String(contact['Id'])]);
    }
    const pairs: DriftCandidate[] = [];
    for (const id of s.okta.state.userIds) {
      const user = s.okta.state.users.get(id);
      if (!user || user.status !== 'ACTIVE' || user.profile['userType'] !== 'Customer') continue;
      const contacts = byUser.get(id.toLowerCase());
      if (contacts?.length === 1) pairs.push({ oktaUserId: id, contactId: contacts[0] as string });
    }
    return pairs;
  };

  return {
    async start(options) {
      if (sandbox) throw new Error('the world is already started');
      sandbox = await startSandbox({
        users: options.customers,
        ...(options.seed === undefined ? {} : { seed: options.seed }),
        dailyApiLimit: options.dailyApiLimit ?? 10_000_000,
        ...(options.oktaRateLimits ? { oktaRateLimits: options.oktaRateLimits } : {}),
        ...(options.profile
          ? { profile: sandboxProfile(options.profile, options.profileOverrides) }
          : {}),
        onRequest: (system, request) => {
          const key = endpointKey(system, request.method, request.path);
          counts[system][key] = (counts[system][key] ?? 0) + 1;
          if (system === 'okta') observeOktaWrite(request.method, request.path, request.status);
        },
      });
      recordContactWrites(sandbox);
      return info();
    },
    info: async () => info(),
    async resetCounters() {
      counts = emptyCounts();
    },
    counters: async () => structuredClone(counts),
    async freshOktaRateWindows() {
      world().okta.rateLimits.reset();
    },
    async applyDrift(spec) {
      const s = world();
      const plan = planDrift(linkedPairs(), info().customers, spec);
      plan.profileChange.forEach((c, i) =>
        s.okta.updateUserDirect(c.oktaUserId, { title: `Drifted title ${i + 1}` }),
      );
      for (const c of plan.missingContact) s.salesforce.db.delete('Contact', c.contactId);
      for (const c of plan.deprovisioned) s.okta.setUserStatus(c.oktaUserId, 'DEPROVISIONED');
      for (const c of plan.unlinked) {
        s.salesforce.db.update('Contact', c.contactId, {
          Okta_User_Id__c: null,
          Okta_Login__c: null,
          Okta_Status__c: null,
          Okta_Sync_Status__c: 'Not Linked',
        });
      }
      return Object.fromEntries(
        DRIFT_KINDS.map((kind) => [kind, plan[kind].length]),
      ) as DriftApplied;
    },
    linkedCustomers: async (limit) =>
      linkedPairs()
        .slice(0, limit)
        .map((p) => p.oktaUserId),
    async publishProfileUpdates(updates) {
      const s = world();
      const events: LogEvent[] = [];
      const published: PublishedUpdate[] = [];
      // The events as event hooks get them: under a System Log persistence lag (realistic
      // profile) they reach `state.logs` only later.
      const stopObserving = s.okta.onLogEvent((event) => events.push(event));
      try {
        for (const update of updates) {
          s.okta.updateUserDirect(update.userId, { title: benchTitle(update.version) });
          published.push({ userId: update.userId, version: update.version, atMs: epochMs() });
        }
      } finally {
        stopObserving();
      }
      return { events, published };
    },
    async scheduleProfileUpdates(updates, leadMs) {
      const startsAt = epochMs() + leadMs;
      const events = world().okta.scheduleProfileUpdates(
        updates.map((u) => ({
          idOrLogin: u.userId,
          profile: { title: benchTitle(u.version) },
          atMs: startsAt + u.offsetMs,
        })),
      );
      return {
        startsAt,
        events: events.map((event, i) => {
          if (!event) throw new Error(`update ${i} of the schedule changes nothing`);
          return event;
        }),
      };
    },
    async expectVersions(lastVersionByUser) {
      expected = new Map(lastVersionByUser);
      writes = [];
      written = new Map();
    },
    unfinished: async () => unfinishedUsers(expected, written),
    contactWrites: async () => writes,
    async editContactPhones(updates) {
      const s = world();
      contactOfUser ??= new Map(linkedPairs().map((p) => [p.oktaUserId, p.contactId]));
      const published: PublishedUpdate[] = [];
      for (const update of updates) {
        const contactId = contactOfUser.get(update.userId);
        if (!contactId) throw new Error(`no linked Contact for ${update.userId}`);
        s.salesforce.db.update('Contact', contactId, { MobilePhone: benchPhone(update.version) });
        published.push({ userId: update.userId, version: update.version, atMs: epochMs() });
      }
      return published;
    },
    async expectOktaVersions(lastVersionByUser) {
      oktaExpected = new Map(lastVersionByUser);
      oktaWrites = [];
      oktaWritten = new Map();
    },
    unfinishedOkta: async () => unfinishedUsers(oktaExpected, oktaWritten),
    oktaWrites: async () => oktaWrites,
    async markResources() {
      meter = startResourceMeter();
    },
    async readResources() {
      if (!meter) throw new Error('markResources first');
      return meter.stop();
    },
    async close() {
      await sandbox?.close();
      sandbox = undefined;
    },
  };
}
