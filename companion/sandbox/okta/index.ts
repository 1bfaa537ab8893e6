/**
 * Starts the Okta org emulator on 127.0.0.1 and returns a handle for tests: the URL,
 * the inspectable org state, fault injection, reset, and helpers that act as an
 * administrator in the Okta Admin Console (mutating the org and logging as Okta would).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { generateSeed, type OktaSeed } from '../seed.js';
import { addAdminUsers } from './admin-users.js';
import { createOktaApp } from './app.js';
import { consoleActions, type ConsoleActions } from './console-actions.js';
import { Directory, type OktaEngine } from './directory.js';
import { FaultRegistry } from './faults.js';
import {
  DEFAULT_HOOK_DELIVERY,
  HookDelivery,
  type HookDeliveryOptions,
  type HookDeliveryStats,
} from './hook-delivery.js';
import { LogRecorder } from './log-recorder.js';
import type { LogEvent } from './log-events.js';
import { OAuthTokenService } from './oauth-token.js';
import { oktaId } from './okta-ids.js';
import {
  ALL_SCOPES,
  API_TOKEN_ADMIN,
  CONSOLE_ADMIN,
  consoleContext,
  DEFAULT_TOKEN_VALUE,
  type AdminUser,
  type ApiToken,
  type OAuthClient,
  type PublicJwk,
} from './principals.js';
import { DEFAULT_CUSTOM_ATTRIBUTES, ProfileSchema } from './profile-schema.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimitConfig } from './rate-limits.js';
import { ScheduledChanges, type ScheduledProfileUpdate } from './scheduled-changes.js';
import { SearchConsistency } from './search-consistency.js';
import { OktaState, type UserRecord } from './state.js';
import type { OktaTiming } from '../profile.js';
import { observeRequests, type RequestObserver } from '../request-observer.js';

import { ProvisioningEngine, type ProvisioningOptions } from './provisioning.js';
export { API_TOKEN_ADMIN, CONSOLE_ADMIN, DEFAULT_TOKEN_VALUE, ALL_SCOPES } from './principals.js';
export type { AdminUser, OAuthClient, PublicJwk } from './principals.js';
export type { LogEvent } from './log-events.js';
export type { HookDeliveryStats } from './hook-delivery.js';
export type { FaultSpec, ActiveFault } from './faults.js';
export type { OktaState, UserRecord, GroupRecord, EventHookRecord } from './state.js';
export type { RateLimitConfig } from './rate-limits.js';
export type { ConsoleActions, CreateUserDirectOptions } from './console-actions.js';
export type { OktaEngine } from './directory.js';
export type { ScheduledProfileUpdate } from './scheduled-changes.js';
export type {
  ProvisioningTask,
  ScimApp,
  ScimAppSettings,
  ProvisioningOptions,
} from './provisioning.js';

export interface OktaEmulatorOptions {
  port?: number;
  host?: string;
  /** The org's data; nothing → an empty org. */
  seed?: OktaSeed;
  /** The SSWS API token (default `sandbox-okta-token`), owned by API_TOKEN_ADMIN. */
  token?: string;
  /** More API tokens, each with its owning admin. The first one is the primary token. */
  tokens?: { value: string; id?: string; owner?: AdminUser }[];
  /** OAuth service apps allowed to use private-key JWT client credentials. */
  oauthClients?: {
    /** Require DPoP-bound access tokens. */
    dpop?: boolean;
    clientId: string;
    publicJwk: PublicJwk | PublicJwk[];
    scopes?: string[];
    name?: string;
  }[];
  accessTokenTtlSeconds?: number;
  /** Per-minute budgets per endpoint family, plus concurrent requests. */
  rateLimits?: Partial<RateLimitConfig>;
  /** The org's clock: timestamps, System Log, Date header, rate-limit windows. */
  now?: () => Date;
  /** Custom profile attributes declared in the org's user schema. */
  customProfileAttributes?: string[];
  hookDelivery?: Partial<HookDeliveryOptions>;
  /** Timeout of the event hook verification request (Okta: 3 s). */
  verifyTimeoutMs?: number;
  /** Sees every answered request (method, path, status), e.g. to count API calls. */
  onRequest?: RequestObserver;
  /**
   * Which Okta engine the org runs (default `identity-engine`, as every new org): an MFA reset is
   * one `user.mfa.factor.reset_all` on Classic and one `user.mfa.factor.deactivate` per enrolled
   * factor on Identity Engine.
   */
  engine?: OktaEngine;
  /** Retries, concurrency and timeout of the provisioning engine's pushes to SCIM apps. */
  provisioning?: ProvisioningOptions;
  /**
   * The realistic profile's Okta timing (sandbox/profile.ts): at-least-once hooks, System Log
   * persistence lag, eventually consistent `search`. Default: instant.
   */
  timing?: OktaTiming;
  /** Randomness of the timing's draws (default Math.random). */
  random?: () => number;
}

/** The emulator handle; the ConsoleActions act as CONSOLE_ADMIN in the Admin Console. */
export interface OktaEmulator extends ConsoleActions {
  readonly url: string;
  readonly port: number;
  /** The live org data (users, groups, memberships, logs, hooks). */
  readonly state: OktaState;
  readonly faults: FaultRegistry;
  readonly rateLimits: RateLimiter;
  /** The primary SSWS token (every SSWS token is also accepted as the `x-sandbox-admin` secret). */
  readonly token: string;
  reset(seed?: OktaSeed): void;
  /** Invalidates every issued OAuth access token (clients must fetch new ones). */
  revokeAccessTokens(): void;
  close(): Promise<void>;
  hookStats(): HookDeliveryStats;
  /**
   * Changes the event hook delivery lag and duplicate rate (`OktaTiming`'s knobs) from the next
   * batch on, without restarting the org.
   */
  retimeHooks(timing: Partial<Pick<OktaTiming, 'hookDelay' | 'hookDuplicateRate'>>): void;
  /** Resolves when no event hook delivery is queued or in flight. */
  whenHooksIdle(): Promise<void>;
  /** Resolves when every recorded event is visible to System Log polling (realistic profile). */
  whenLogPersisted(): Promise<void>;
  /**
   * Calls `listener` with each System Log event as the org records it, the moment event hooks
   * get it: before it is visible to polling and in `state.logs` under a persistence lag (e.g. a
   * load generator that delivers hooks itself). Returns the unsubscribe function.
   */
  onLogEvent(listener: (event: LogEvent) => void): () => void;
  /**
   * Plans profile edits an administrator makes at given times (in time order) and returns the
   * event each will log (undefined for one that changes nothing), built now with the uuid and
   * `published` time the System Log will show. Each edit is made in the org the first time the
   * org is looked at on or after its time: a load generator delivers the events as hooks on
   * schedule without waiting for the emulator, and a client reading the user afterwards sees it.
   */
  scheduleProfileUpdates(updates: readonly ScheduledProfileUpdate[]): (LogEvent | undefined)[];
  /** SCIM apps, their assignments and the provisioning engine that pushes to them. */
  readonly provisioning: ProvisioningEngine;
}

export async function startOktaEmulator(options: OktaEmulatorOptions = {}): Promise<OktaEmulator> {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const initialSeed = options.seed;
  let state = OktaState.fromSeed(initialSeed);
  const tokenOwners = () => tokens.map((t) => t.owner);
  let generation = newGeneration();
  let orgUrl = '';

  const tokens: ApiToken[] = [
    ...(options.tokens ?? []).map((t) => ({
      value: t.value,
      id: t.id ?? oktaId('00T'),
      owner: t.owner ?? API_TOKEN_ADMIN,
    })),
  ];
  if (options.token !== undefined || tokens.length === 0) {
    tokens.unshift({
      value: options.token ?? DEFAULT_TOKEN_VALUE,
      id: oktaId('00T'),
      owner: API_TOKEN_ADMIN,
    });
  }
  const primaryToken = tokens[0]?.value ?? DEFAULT_TOKEN_VALUE;
  addAdminUsers(state, tokenOwners());

  const clients: OAuthClient[] = (options.oauthClients ?? []).map((c) => ({
    clientId: c.clientId,
    publicJwks: Array.isArray(c.publicJwk) ? c.publicJwk : [c.publicJwk],
    scopes: c.scopes ?? ALL_SCOPES,
    ...(c.name === undefined ? {} : { name: c.name }),
    ...(c.dpop === undefined ? {} : { dpop: c.dpop }),
  }));
  const oauth = new OAuthTokenService(clients, {
    tokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    wallClock: () => Date.now(),
  });
  const faults = new FaultRegistry();
  const rateLimiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, () =>
    now().getTime(),
  );
  const schema = new ProfileSchema([
    ...DEFAULT_CUSTOM_ATTRIBUTES,
    ...(options.customProfileAttributes ?? []),
  ]);
  const hooks = new HookDelivery({
    hook: (id) => state.hooks.get(id),
    hooks: () => state.hooks.values(),
    faults,
    orgUrl: () => orgUrl,
    now,
    options: {
      ...DEFAULT_HOOK_DELIVERY,
      ...(options.timing
        ? { delay: options.timing.hookDelay, duplicateRate: options.timing.hookDuplicateRate }
        : {}),
      random,
      ...options.hookDelivery,
    },
  });
  const search = options.timing?.searchLagMs
    ? new SearchConsistency(options.timing.searchLagMs, () => now().getTime())
    : undefined;
  search?.reset(state);
  // Okta's provisioning to SCIM apps reacts to the same events the System Log records.
  const provisioning = new ProvisioningEngine({
    state: () => state,
    now,
    ...(options.provisioning ? { options: options.provisioning } : {}),
  });
  const logListeners = new Set<(event: LogEvent) => void>();
  const recorder = new LogRecorder({
    state: () => state,
    now,
    onAppend: (e) => {
      for (const listener of logListeners) listener(e);
      hooks.enqueue(e);
      provisioning.onLogEvent(e);
      search?.noteEvent(e, state);
    },
    ...(options.timing ? { persistenceLag: options.timing.logPersistenceLag } : {}),
    random,
  });
  const directory = new Directory({
    state: () => state,
    schema,
    now,
    orgUrl: () => orgUrl,
    engine: options.engine ?? 'identity-engine',
    record: (specs, context) => void recorder.record(specs, context),
  });

  const scheduled = new ScheduledChanges({
    directory,
    recorder,
    context: () => consoleContext(CONSOLE_ADMIN),
    nowMs: () => now().getTime(),
  });

  const reset = (seed?: OktaSeed) => {
    scheduled.clear();
    hooks.discardPending();
    state = addAdminUsers(OktaState.fromSeed(seed ?? initialSeed), tokenOwners());
    search?.reset(state);
    generation = newGeneration();
    faults.clear();
    rateLimiter.reset();
    hooks.resetStats();
  };

  const summary = () => {
    const byStatus: Record<string, number> = {};
    for (const u of state.users.values()) byStatus[u.status] = (byStatus[u.status] ?? 0) + 1;
    return {
      users: state.users.size,
      usersByStatus: byStatus,
      groups: state.groups.size,
      memberships: state.membershipCount(),
      logEvents: state.logs.length,
      eventHooks: [...state.hooks.values()].map((h) => ({
        id: h.id,
        name: h.name,
        status: h.status,
        verificationStatus: h.verificationStatus,
        events: h.events.items,
      })),
      hookDelivery: hooks.stats(),
      faults: faults.list(),
      pendingHookLoss: faults.pendingHookLoss,
      rateLimits: rateLimiter.limits,
    };
  };

  const app = createOktaApp({
    state: () => state,
    provisioning,
    directory,
    schema,
    recorder,
    oauth,
    tokens: () => tokens,
    rateLimiter,
    faults,
    now,
    orgUrl: () => orgUrl,
    logGeneration: () => generation,
    verifyTimeoutMs: options.verifyTimeoutMs ?? 3000,
    ...(search ? { searchView: (user: UserRecord) => search.view(user) } : {}),
    sandbox: {
      adminTokens: () => tokens.map((t) => t.value),
      summary,
      reset: (generate) => reset(generate ? generateSeed(generate).okta : undefined),
    },
  });

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: observeRequests((request, env) => {
          scheduled.applyDue();
          return app.fetch(request, env);
        }, options.onRequest),
        port: options.port ?? 0,
        hostname: host,
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  orgUrl = `http://${host}:${port}`;

  const actions = consoleActions({ directory, recorder, now });

  return {
    url: orgUrl,
    port,
    get state() {
      scheduled.applyDue();
      return state;
    },
    faults,
    rateLimits: rateLimiter,
    token: primaryToken,
    reset,
    revokeAccessTokens: () => oauth.revokeAll(),
    provisioning,
    async close() {
      hooks.stop();
      scheduled.clear();
      recorder.stop();
      provisioning.stop();
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((err) => (err ? reject(err) : resolve())),
      );
    },
    hookStats: () => hooks.stats(),
    retimeHooks: (timing) =>
      hooks.retime({
        ...(timing.hookDelay === undefined ? {} : { delay: timing.hookDelay }),
        ...(timing.hookDuplicateRate === undefined
          ? {}
          : { duplicateRate: timing.hookDuplicateRate }),
      }),
    whenHooksIdle: () => hooks.whenIdle(),
    whenLogPersisted: () => recorder.whenPersisted(),
    scheduleProfileUpdates: (updates) => scheduled.schedule(updates),
    onLogEvent(listener) {
      logListeners.add(listener);
      return () => void logListeners.delete(listener);
    },
    ...actions,
  };
}

function newGeneration(): string {
  return randomBytes(6).toString('hex');
}
