import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KeyObject } from 'node:crypto';
import { createAdaptorServer } from '@hono/node-server';
import type { SeedData } from '../seed.js';
import { ApiLimits } from './api-limits.js';
import { toPublicKey } from './auth/jwt-bearer.js';
import { TokenService } from './auth/token-service.js';
import { IngestJobs } from './bulk2/ingest-jobs.js';
import type { ChangeEventSink } from './change-events.js';
import { SalesforceDb } from './db.js';
import { Faults } from './faults.js';
import { LockContention } from './lock-contention.js';
import type { LeadConvertRequest, LeadConvertResult } from './lead-conversion.js';
import { createSalesforceApp } from './http/app.js';
import type { StreamingControls } from './http/admin-routes.js';
import { normalizeId, salesforceId } from './ids.js';
import { NO_OP_SINK, SalesforceOrg, type SentEmail, type SentNotification } from './org.js';
import { findForceAppDir } from './schema/metadata-loader.js';
import { loadSchema } from './schema/registry.js';
import type { SchemaRegistry } from './schema/registry.js';
import type { CustomMetadataRecord } from './schema/types.js';
import { observeRequests, type RequestObserver } from '../request-observer.js';

export type { ChangeEventSink, RecordChange, WriteContext } from './change-events.js';
export type { FaultRule, FaultError } from './faults.js';
export type { DbRecord, DbWriteOptions } from './db.js';
export { SalesforceDb } from './db.js';
export { Faults } from './faults.js';
export { ApiLimits } from './api-limits.js';

export interface SalesforceEmulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number;
  /** Records to load (SeedData['salesforce'] from sandbox/seed.ts). */
  readonly seed?: SeedData['salesforce'];
  /** force-app `main/default` directory to read metadata from; null for standard objects only. */
  readonly forceAppDir?: string | null;
  /** Where committed writes and platform events go (the streaming layer); default no-op. */
  readonly changeEvents?: ChangeEventSink;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Value of the `x-sandbox-admin` header for /__sandbox routes. */
  readonly adminSecret?: string;
  /** Public keys or X.509 certificates (PEM) that JWT bearer assertions are verified against. */
  readonly jwtPublicKeys?: readonly (string | KeyObject)[];
  readonly tokenTtlMs?: number;
  readonly dailyApiLimit?: number;
  /** Username of the user client-credentials tokens run as (default: the seed's integration user). */
  readonly runAsUsername?: string;
  readonly now?: () => Date;
  /** Randomness for rate-based faults (default Math.random). */
  readonly random?: () => number;
  /** Sees every answered REST, Bulk and OAuth request (method, path, status); not CometD. */
  readonly onRequest?: RequestObserver;
  /**
   * Realistic profile: UNABLE_TO_LOCK_ROW for a record whose parent Account another transaction
   * wrote within `windowMs`, with probability `rate` (drawn with `random`).
   */
  readonly parentLock?: { readonly windowMs: number; readonly rate: number };
}

export interface IssueTokenOptions {
  readonly username?: string;
  readonly userId?: string;
  readonly ttlMs?: number;
}

export interface SalesforceEmulator {
  /** Instance URL, e.g. http://127.0.0.1:41234 (also the OAuth login URL). */
  readonly url: string;
  readonly port: number;
  readonly orgId: string;
  readonly server: Server;
  readonly db: SalesforceDb;
  readonly faults: Faults;
  readonly limits: ApiLimits;
  readonly schema: SchemaRegistry;
  /** Empties the org, then loads custom metadata records and the seed (default: the start seed). */
  reset(seed?: SeedData['salesforce']): void;
  /** A session for a user (default the integration user), as a login would give. */
  issueToken(options?: IssueTokenOptions): {
    accessToken: string;
    instanceUrl: string;
    userId: string;
  };
  /** The user of a live access token (for CometD handshakes), or undefined. */
  verifyToken(accessToken: string): { userId: string } | undefined;
  /** Invalidates every issued token. */
  expireTokens(): void;
  setChangeEventSink(sink: ChangeEventSink): void;
  /** Exposes a CometD layer's controls on the /__sandbox admin surface. */
  setStreamingControls(controls: StreamingControls): void;
  /** Custom notifications sent so far (customNotificationAction), oldest first. */
  notifications(): readonly SentNotification[];
  /** The same list as notifications(), by the name of the action's records. */
  customNotifications(): readonly SentNotification[];
  /** Emails sent so far (emailSimple), oldest first: none leaves the machine. */
  emails(): readonly SentEmail[];
  /** Deploys one custom metadata record, as a Metadata API deployment would. */
  deployCustomMetadata(record: CustomMetadataRecord): void;
  /**
   * Converts a Lead as a person in Salesforce would (`Database.convertLead`), as `username`
   * (default the run-as user); throws RecordSaveError with the platform's codes.
   */
  convertLead(request: LeadConvertRequest, username?: string): LeadConvertResult;
  registerJwtPublicKey(key: string | KeyObject): void;
  close(): Promise<void>;
}

const DEFAULT_TTL_MS = 2 * 60 * 60 * 1000;

export async function startSalesforceEmulator(
  options: SalesforceEmulatorOptions = {},
): Promise<SalesforceEmulator> {
  const clock = options.now ?? (() => new Date());
  const forceAppDir =
    options.forceAppDir === null ? undefined : (options.forceAppDir ?? findForceAppDir());
  const { registry, customMetadata } = loadSchema(forceAppDir ?? null);
  const orgId = salesforceId('00D', 1);
  const org = new SalesforceOrg(
    registry,
    customMetadata,
    orgId,
    clock,
    options.changeEvents ?? NO_OP_SINK,
    {
      forceAppDir,
      runAsUsername: options.runAsUsername,
    },
  );
  let startSeed = options.seed;
  org.reset(startSeed);
  if (options.parentLock && options.parentLock.rate > 0) {
    org.lockContention = new LockContention({
      ...options.parentLock,
      random: options.random ?? Math.random,
    });
  }

  let streamingControls: StreamingControls | undefined;
  const tokens = new TokenService(
    orgId,
    () => options.tokenTtlMs ?? DEFAULT_TTL_MS,
    () => clock().getTime(),
  );
  const limits = new ApiLimits(options.dailyApiLimit ?? 100_000);
  const faults = new Faults(options.random);
  const jobs = new IngestJobs(org);
  const publicKeys: KeyObject[] = (options.jwtPublicKeys ?? []).map(toPublicKey);
  const clientId = options.clientId ?? 'sandbox-client';
  const clientSecret = options.clientSecret ?? 'sandbox-secret';
  let baseUrl = '';

  const reset = (seed?: SeedData['salesforce']) => {
    if (seed) startSeed = seed;
    jobs.clear();
    org.reset(startSeed);
    org.lockContention?.reset();
  };
  const issueToken = (o: IssueTokenOptions = {}) => {
    let userId = o.userId ? (normalizeId(o.userId) ?? o.userId) : org.runAsUserId;
    if (o.username) {
      const user = org.findUserByUsername(o.username);
      if (!user) throw new Error(`no such user: ${o.username}`);
      userId = String(user['Id']);
    }
    const user = org.store.mustTable('User').rows.get(userId);
    if (!user || user['IsActive'] === false) throw new Error(`no such active user: ${userId}`);
    const token = tokens.issue(userId, clientId, o.ttlMs);
    return { accessToken: token.accessToken, instanceUrl: baseUrl, userId };
  };
  const db = new SalesforceDb(org);
  const convertAs = (request: LeadConvertRequest, username?: string) => {
    const user = username ? org.findUserByUsername(username) : undefined;
    if (username && !user) throw new Error(`no such user: ${username}`);
    return org.convertLead(request, user ? String(user['Id']) : undefined);
  };

  const app = createSalesforceApp({
    org,
    tokens,
    limits,
    faults,
    jobs,
    oauth: { clientId, clientSecret, publicKeys: () => publicKeys, baseUrl: () => baseUrl },
    admin: {
      adminSecret: options.adminSecret ?? 'sandbox-secret',
      state: () => ({
        counts: db.counts(),
        apiUsage: { used: limits.used, max: limits.max },
        faults: faults.list(),
        seedWarnings: org.seedWarnings,
      }),
      reset: () => reset(),
      addFault: (rule) => faults.add(rule),
      clearFaults: () => faults.clear(),
      listFaults: () => faults.list(),
      expireTokens: () => tokens.expireAll(),
      streaming: () => streamingControls,
      deployCustomMetadata: (record) => org.deployCustomMetadata(record),
      convertLead: (request, username) => convertAs(request, username),
      setLimits: ({ max, used }) => {
        if (max !== undefined) limits.max = max;
        if (used !== undefined) limits.used = used;
      },
      issueToken: (username) => {
        try {
          const { accessToken, userId } = issueToken(username ? { username } : {});
          return { accessToken, userId };
        } catch {
          return undefined;
        }
      },
    },
  });

  const server = createAdaptorServer({
    fetch: observeRequests(app.fetch, options.onRequest),
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    orgId,
    server,
    db,
    faults,
    limits,
    schema: registry,
    reset,
    issueToken,
    verifyToken: (accessToken) => {
      const token = tokens.verify(accessToken);
      return token ? { userId: token.userId } : undefined;
    },
    expireTokens: () => tokens.expireAll(),
    deployCustomMetadata: (record) => org.deployCustomMetadata(record),
    convertLead: (request, username) => convertAs(request, username),
    notifications: () => org.notifications,
    customNotifications: () => org.notifications,
    emails: () => org.emails,
    setStreamingControls: (controls) => {
      streamingControls = controls;
    },
    setChangeEventSink: (sink) => {
      org.sink = sink;
    },
    registerJwtPublicKey: (key) => {
      publicKeys.push(toPublicKey(key));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        jobs.clear();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
