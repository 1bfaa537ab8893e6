import { SANDBOX_CREDENTIALS } from '../sandbox/index.js';
import type { ServiceStatus } from './companion-role.js';
import { endToEndLatencies, type PublishedUpdate } from './end-to-end.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { callFigures, type CallFigures } from './reconciliation-bench.js';
import { epochMs, type ResourceFigures } from './resource-meter.js';
import { startCompanionSide, startWorld, type RoleMode } from './roles.js';
import { benchTitle } from './world-role.js';

/**
 * Benchmark 4: Okta provisioning over SCIM, as Okta's provisioning client pushes. Phase one
 * assigns M users: a `userName` lookup then a POST each (Okta looks up before it creates), S
 * requests in flight. Phase two is a burst of E profile updates over the same users: each update
 * is made in the emulated Okta org (as an admin would; the title carries a version number) and
 * pushed as Okta does, a PATCH of the changed attribute. The load generator (this process) times
 * every SCIM answer; the Salesforce emulator times the Contact write that carries each version.
 * The companion runs as `npm start` runs it, in its own process.
 */

export interface ScimBurstOptions {
  mode: RoleMode;
  /** Customers in the seed; must leave at least `users` active, linked customers. */
  customers: number;
  users: number;
  events: number;
  /** SCIM requests in flight at once. */
  senders?: number;
  settleTimeoutMs?: number;
  env?: Record<string, string>;
  processEnv?: Record<string, string>;
  log?: (message: string) => void;
}

export interface ScimPhaseFigures {
  requests: number;
  failedRequests: number;
  /** First request sent → last answered. */
  ingestMs: number;
  requestsPerSecond: number;
  answerMs: LatencySummary;
  /** Salesforce and Okta API calls the companion made for the phase, until its queue drained. */
  calls: CallFigures;
  queue: ServiceStatus;
  settled: boolean;
}

export interface ScimBurstResult {
  customers: number;
  users: number;
  events: number;
  senders: number;
  assignment: ScimPhaseFigures & { salesforceCallsPerUser: number };
  updates: ScimPhaseFigures & {
    appliedEventsPerSecond: number | undefined;
    endToEndMs: LatencySummary;
    unapplied: number;
    contactWrites: number;
    perEvent: { okta: number; salesforce: number };
  };
  resources: ResourceFigures;
  emulatorResources: ResourceFigures;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export async function runScimBurst(options: ScimBurstOptions): Promise<ScimBurstResult> {
  const log = options.log ?? (() => undefined);
  const senders = options.senders ?? 8;
  const world = await startWorld(options.mode);
  try {
    log(`SCIM burst: ${options.users} assignments, then ${options.events} updates; seeding`);
    const info = await world.start({ customers: options.customers });
    const userIds = await world.linkedCustomers(options.users);
    if (userIds.length < options.users) {
      throw new Error(`the seed has only ${userIds.length} linked customers`);
    }
    // The logins, as an administrator lists them (before the counters are reset).
    const loginOf = new Map<string, string>();
    let page: string | undefined = `${info.oktaUrl}/api/v1/users?limit=200`;
    while (page) {
      const response: Response = await fetch(page, {
        headers: {
          authorization: `SSWS ${SANDBOX_CREDENTIALS.oktaAdminToken}`,
          accept: 'application/json',
        },
      });
      for (const user of (await response.json()) as { id: string; profile: { login: string } }[]) {
        loginOf.set(user.id, user.profile.login);
      }
      page = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    const companion = await startCompanionSide(options.mode, options.processEnv);
    try {
      const { url } = await companion.startService(
        { oktaUrl: info.oktaUrl, salesforceUrl: info.salesforceUrl },
        options.env,
      );
      const scim = async (method: string, path: string, body?: unknown) => {
        const sentAt = performance.now();
        const response = await fetch(`${url}/scim/v2${path}`, {
          method,
          headers: {
            authorization: `Bearer ${SANDBOX_CREDENTIALS.scimToken}`,
            'content-type': 'application/scim+json',
            accept: 'application/scim+json',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const json = (await response.json()) as Record<string, unknown>;
        return { ok: response.ok, json, ms: performance.now() - sentAt };
      };
      const settle = async () => {
        const deadline = Date.now() + (options.settleTimeoutMs ?? 10 * 60_000);
        let queue = await companion.serviceStatus();
        while (Date.now() < deadline) {
          queue = await companion.serviceStatus();
          if (queue.pending + queue.leased === 0) return { queue, settled: true };
          await sleep(100);
        }
        return { queue, settled: false };
      };
      const inParallel = async (count: number, work: (i: number) => Promise<void>) => {
        let next = 0;
        const sender = async () => {
          while (next < count) await work(next++);
        };
        await Promise.all(Array.from({ length: senders }, sender));
      };

      // Phase 1: assignments.
      await world.resetCounters();
      await companion.markResources();
      await world.markResources();
      const scimIds = new Map<string, string>();
      const answers: number[] = [];
      let failed = 0;
      let startedAt = epochMs();
      await inParallel(userIds.length, async (i) => {
        const userId = userIds[i] as string;
        const login = loginOf.get(userId) as string;
        const lookup = await scim(
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${login}"`)}&startIndex=1&count=100`,
        );
        answers.push(lookup.ms);
        const created = await scim('POST', '/Users', {
          schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
          userName: login,
          externalId: userId,
          name: { givenName: 'Bench', familyName: 'Customer' },
          emails: [{ value: login, type: 'work', primary: true }],
          active: true,
        });
        answers.push(created.ms);
        if (!lookup.ok || !created.ok) failed += 1;
        scimIds.set(userId, String(created.json['id']));
      });
      let ingestedAt = epochMs();
      log(`${userIds.length} assignments answered in ${Math.round(ingestedAt - startedAt)} ms`);
      let drained = await settle();
      const assignmentCalls = callFigures(await world.counters());
      const assignment = {
        requests: answers.length,
        failedRequests: failed,
        ingestMs: ingestedAt - startedAt,
        requestsPerSecond: answers.length / ((ingestedAt - startedAt) / 1000),
        answerMs: summarize(answers),
        calls: assignmentCalls,
        ...drained,
        salesforceCallsPerUser: assignmentCalls.salesforce / userIds.length,
      };

      // Phase 2: profile updates made in Okta and pushed as PATCHes.
      const userOf = (version: number) => userIds[(version - 1) % userIds.length] as string;
      const lastVersion = new Map<string, number>();
      for (let v = 1; v <= options.events; v++) lastVersion.set(userOf(v), v);
      await world.expectVersions([...lastVersion]);
      await world.resetCounters();
      const published: PublishedUpdate[] = [];
      const patchAnswers: number[] = [];
      failed = 0;
      startedAt = epochMs();
      await inParallel(options.events, async (i) => {
        const version = i + 1;
        const userId = userOf(version);
        const batch = await world.publishProfileUpdates([{ userId, version }]);
        published.push(...batch.published);
        const patched = await scim('PATCH', `/Users/${scimIds.get(userId) as string}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: 'replace', value: { title: benchTitle(version) } }],
        });
        patchAnswers.push(patched.ms);
        if (!patched.ok) failed += 1;
      });
      ingestedAt = epochMs();
      log(`${options.events} updates answered in ${Math.round(ingestedAt - startedAt)} ms`);
      drained = await settle();
      const deadline = Date.now() + (options.settleTimeoutMs ?? 10 * 60_000);
      while (Date.now() < deadline && (await world.unfinished()) > 0) await sleep(100);
      const resources = await companion.readResources();
      const emulatorResources = await world.readResources();
      const calls = callFigures(await world.counters());
      const writes = await world.contactWrites();
      const e2e = endToEndLatencies(published, writes);
      const applyMs =
        e2e.lastAppliedAtMs === undefined ? undefined : e2e.lastAppliedAtMs - startedAt;
      return {
        customers: options.customers,
        users: options.users,
        events: options.events,
        senders,
        assignment,
        updates: {
          requests: patchAnswers.length,
          failedRequests: failed,
          ingestMs: ingestedAt - startedAt,
          requestsPerSecond: patchAnswers.length / ((ingestedAt - startedAt) / 1000),
          answerMs: summarize(patchAnswers),
          calls,
          ...drained,
          appliedEventsPerSecond:
            applyMs === undefined || e2e.unapplied > 0
              ? undefined
              : options.events / (applyMs / 1000),
          endToEndMs: summarize(e2e.latenciesMs),
          unapplied: e2e.unapplied,
          contactWrites: writes.length,
          perEvent: {
            okta: calls.okta / options.events,
            salesforce: calls.salesforce / options.events,
          },
        },
        resources,
        emulatorResources,
      };
    } finally {
      await companion.exit();
    }
  } finally {
    await world.exit();
  }
}
