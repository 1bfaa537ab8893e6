import { OKTA_IDENTITY_ATTRIBUTES } from './mapping/identity-attributes.js';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_HOOK_MAX_BODY_BYTES } from './intake/okta-events.js';
import { describeEnvIssues } from './config-messages.js';
import { Secret } from './secret.js';

/**
 * Every environment variable the companion reads, parsed once at start. A bad or
 * missing variable fails fast with a message naming it. With no Okta or Salesforce
 * variables at all, `npm start` runs against the bundled sandbox (see bin/start.ts).
 */

export interface ConfigIssue {
  variable: string;
  message: string;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (README.md › Configuration lists every variable):\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n')}`,
    );
  }
}

export type OktaAuth =
  | { kind: 'ssws'; token: Secret }
  | {
      kind: 'private-key';
      clientId: string;
      privateKey: Secret;
      keyId: string | undefined;
      scopes: string[];
    };

export type SalesforceAuth =
  | { kind: 'client-credentials'; clientId: string; clientSecret: Secret }
  | { kind: 'jwt-bearer'; clientId: string; username: string; privateKey: Secret };

/**
 * What this process does. `all`: everything, in one process. `intake`: Okta's event hooks and
 * SCIM, health and metrics only — each request is validated and stored, nothing else runs
 * there, so acknowledgements never wait behind sync work. `worker`: the queue, the singleton
 * work (when it leads), the API, health and metrics — no hooks. Intake and worker processes
 * share one store (the SQLite file on one host, or PostgreSQL).
 */
export const COMPANION_ROLES = ['all', 'intake', 'worker'] as const;
export type CompanionRole = (typeof COMPANION_ROLES)[number];

export interface CommonConfig {
  role: CompanionRole;
  http: { host: string; port: number; publicUrl: string | undefined; hookMaxBodyBytes: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  store: {
    path: string;
    /** PostgreSQL instead of the SQLite file: several instances may share it. */
    databaseUrl?: Secret | undefined;
    /** This instance's id (queue leases, leadership); derived when absent. */
    instanceId?: string | undefined;
  };
  worker: {
    concurrency: number;
    maxAttempts: number;
    /** The nice value a `worker` process gives itself, so intakes on its host win the CPU. */
    nice: number;
  };
  systemLog: { pollSeconds: number; lookbackMinutes: number };
  configReloadSeconds: number;
  shutdownGraceSeconds: number;
  alerts: { webhookUrl: Secret | undefined };
  /** Okta sign-in and recovery attributes Salesforce may write (none unless named). */
  identityWrites: string[];
}

export interface CompanionConfig extends CommonConfig {
  mode: 'live' | 'sandbox';
  okta: {
    orgUrl: string;
    auth: OktaAuth;
    /** The secret Okta sends; hooks registered by the companion use it. */
    hookSecret: Secret;
    /** The secret being rotated out, still accepted (Okta does not retry a 401). */
    hookSecretPrevious?: Secret | undefined;
  };
  salesforce: { loginUrl: string; apiVersion: string; clientTag: string; auth: SalesforceAuth };
  api: { secrets: Secret[] };
  /** Okta provisioning over SCIM 2.0 (`/scim/v2`): the bearer tokens; off when absent. */
  scim?: { tokens: Secret[] } | undefined;
}

export interface SandboxSettings {
  oktaPort: number;
  salesforcePort: number;
  users: number;
}

export type ParsedEnvironment =
  | { mode: 'live'; config: CompanionConfig }
  | {
      mode: 'sandbox';
      common: CommonConfig;
      salesforce: { apiVersion: string; clientTag: string };
      sandbox: SandboxSettings;
    };

const DEFAULT_OKTA_SCOPES = [
  'okta.users.manage',
  'okta.groups.manage',
  'okta.logs.read',
  'okta.eventHooks.manage',
  'okta.roles.read',
  'okta.schemas.read',
];

/** Seed size of the sandbox when SANDBOX_USERS is not set (`npm start`, the preview, the sandbox). */
export const DEFAULT_SANDBOX_USERS = 200;

const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const baseUrl = z
  .string()
  .trim()
  .url('must be an absolute http(s) URL')
  .refine((v) => /^https?:\/\//.test(v), 'must start with http:// or https://')
  .refine((v) => !v.endsWith('/'), 'must not end with a slash');

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const environmentSchema = z.object({
  COMPANION_ROLE: z.enum(COMPANION_ROLES).default('all'),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  PORT: port(8787),
  PUBLIC_URL: baseUrl.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  STORE_PATH: optionalText,
  DATABASE_URL: optionalText.refine(
    (value) => value === undefined || isPostgresUrl(value),
    'must be a PostgreSQL URL: postgres://user:password@host:5432/database',
  ),
  INSTANCE_ID: optionalText.refine(
    (value) => value === undefined || /^[A-Za-z0-9._-]{1,100}$/.test(value),
    'letters, digits, ., - and _ only, at most 100 characters',
  ),
  HOOK_MAX_BODY_BYTES: positiveInt(DEFAULT_HOOK_MAX_BODY_BYTES),
  WORKER_CONCURRENCY: positiveInt(4),
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  JOB_MAX_ATTEMPTS: positiveInt(8),
  CONFIG_RELOAD_SECONDS: positiveInt(300),
  SHUTDOWN_GRACE_SECONDS: positiveInt(20),
  ALERT_WEBHOOK_URL: baseUrl.optional(),

  OKTA_ORG_URL: baseUrl.optional(),
  OKTA_API_TOKEN: optionalText,
  OKTA_CLIENT_ID: optionalText,
  OKTA_PRIVATE_KEY: optionalText,
  OKTA_KEY_ID: optionalText,
  OKTA_SCOPES: optionalText,
  OKTA_HOOK_SECRET: optionalText,
  OKTA_HOOK_SECRET_PREVIOUS: optionalText,
  OKTA_ALLOW_IDENTITY_WRITES: z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      const names = (value ?? '').split(/[\s,]+/).filter(Boolean);
      const unknown = names.filter((n) => !(n in OKTA_IDENTITY_ATTRIBUTES));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not protected; list only ${Object.keys(OKTA_IDENTITY_ATTRIBUTES).join(', ')}`,
        });
      }
      return names;
    }),
  OKTA_SYSTEM_LOG_POLL_SECONDS: positiveInt(60),
  OKTA_SYSTEM_LOG_LOOKBACK_MINUTES: positiveInt(60),

  SF_LOGIN_URL: baseUrl.optional(),
  SF_CLIENT_ID: optionalText,
  SF_CLIENT_SECRET: optionalText,
  SF_USERNAME: optionalText,
  SF_PRIVATE_KEY: optionalText,
  SF_API_VERSION: z
    .string()
    .trim()
    .regex(/^\d{2,3}\.0$/, 'must look like 62.0')
    .default('62.0'),
  SF_CLIENT_TAG: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9_-]{1,40}$/,
      'letters, digits, - and _ only (it goes into Sforce-Call-Options)',
    )
    .default('okta-sync'),

  COMPANION_API_SECRET: optionalText,
  COMPANION_API_SECRET_PREVIOUS: optionalText,
  SCIM_TOKEN: optionalText,
  SCIM_TOKEN_PREVIOUS: optionalText,

  SANDBOX_OKTA_PORT: port(8788),
  SANDBOX_SALESFORCE_PORT: port(8789),
  SANDBOX_USERS: z.coerce.number().int().min(10).max(100_000).default(DEFAULT_SANDBOX_USERS),
});

type Environment = z.infer<typeof environmentSchema>;

const LIVE_TRIGGERS = ['OKTA_ORG_URL', 'SF_LOGIN_URL'] as const;

export function parseEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ParsedEnvironment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(describeEnvIssues(parsed.error.issues, env));
  }
  const e = parsed.data;
  const common = commonConfig(e);
  const live = LIVE_TRIGGERS.some((name) => e[name] !== undefined);
  if (!live) {
    return {
      mode: 'sandbox',
      common,
      salesforce: { apiVersion: e.SF_API_VERSION, clientTag: e.SF_CLIENT_TAG },
      sandbox: {
        oktaPort: e.SANDBOX_OKTA_PORT,
        salesforcePort: e.SANDBOX_SALESFORCE_PORT,
        users: e.SANDBOX_USERS,
      },
    };
  }
  return { mode: 'live', config: liveConfig(e, common) };
}

function commonConfig(e: Environment): CommonConfig {
  return {
    role: e.COMPANION_ROLE,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicUrl: e.PUBLIC_URL,
      hookMaxBodyBytes: e.HOOK_MAX_BODY_BYTES,
    },
    logLevel: e.LOG_LEVEL,
    store: {
      path: resolve(e.STORE_PATH ?? `${e.DATA_DIR}/companion.sqlite`),
      databaseUrl: e.DATABASE_URL === undefined ? undefined : new Secret(e.DATABASE_URL),
      instanceId: e.INSTANCE_ID,
    },
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      maxAttempts: e.JOB_MAX_ATTEMPTS,
      nice: e.WORKER_NICE,
    },
    systemLog: {
      pollSeconds: e.OKTA_SYSTEM_LOG_POLL_SECONDS,
      lookbackMinutes: e.OKTA_SYSTEM_LOG_LOOKBACK_MINUTES,
    },
    configReloadSeconds: e.CONFIG_RELOAD_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    alerts: { webhookUrl: e.ALERT_WEBHOOK_URL ? new Secret(e.ALERT_WEBHOOK_URL) : undefined },
    identityWrites: e.OKTA_ALLOW_IDENTITY_WRITES,
  };
}

function liveConfig(e: Environment, common: CommonConfig): CompanionConfig {
  const issues: ConfigIssue[] = [];
  const need = (variable: keyof Environment, why: string): string => {
    const value = e[variable];
    if (value === undefined) issues.push({ variable, message: `required ${why}` });
    return typeof value === 'string' ? value : '';
  };

  const orgUrl = need('OKTA_ORG_URL', 'when running against real services');
  const loginUrl = need('SF_LOGIN_URL', 'when running against real services');
  const hookSecret = need('OKTA_HOOK_SECRET', 'to authenticate Okta event hooks');

  let oktaAuth: OktaAuth;
  if (e.OKTA_API_TOKEN !== undefined) {
    oktaAuth = { kind: 'ssws', token: new Secret(e.OKTA_API_TOKEN) };
  } else {
    const clientId = need('OKTA_CLIENT_ID', 'unless OKTA_API_TOKEN is set');
    const privateKey = need('OKTA_PRIVATE_KEY', 'unless OKTA_API_TOKEN is set');
    oktaAuth = {
      kind: 'private-key',
      clientId,
      privateKey: new Secret(privateKey),
      keyId: e.OKTA_KEY_ID,
      scopes: e.OKTA_SCOPES ? e.OKTA_SCOPES.split(/[\s,]+/).filter(Boolean) : DEFAULT_OKTA_SCOPES,
    };
  }

  let salesforceAuth: SalesforceAuth;
  const sfClientId = need('SF_CLIENT_ID', 'to authenticate to Salesforce');
  if (e.SF_USERNAME !== undefined || e.SF_PRIVATE_KEY !== undefined) {
    salesforceAuth = {
      kind: 'jwt-bearer',
      clientId: sfClientId,
      username: need('SF_USERNAME', 'with SF_PRIVATE_KEY (JWT bearer flow)'),
      privateKey: new Secret(need('SF_PRIVATE_KEY', 'with SF_USERNAME (JWT bearer flow)')),
    };
  } else {
    salesforceAuth = {
      kind: 'client-credentials',
      clientId: sfClientId,
      clientSecret: new Secret(
        need(
          'SF_CLIENT_SECRET',
          'for the client credentials flow (or set SF_USERNAME and SF_PRIVATE_KEY)',
        ),
      ),
    };
  }

  const apiSecrets = [e.COMPANION_API_SECRET, e.COMPANION_API_SECRET_PREVIOUS].filter(
    (s): s is string => s !== undefined,
  );
  if (e.COMPANION_API_SECRET === undefined) {
    issues.push({
      variable: 'COMPANION_API_SECRET',
      message: 'required: Salesforce authenticates to the companion API with it',
    });
  }
  for (const [variable, value] of [
    ['COMPANION_API_SECRET', e.COMPANION_API_SECRET],
    ['COMPANION_API_SECRET_PREVIOUS', e.COMPANION_API_SECRET_PREVIOUS],
    ['OKTA_HOOK_SECRET', e.OKTA_HOOK_SECRET],
    ['OKTA_HOOK_SECRET_PREVIOUS', e.OKTA_HOOK_SECRET_PREVIOUS],
  ] as const) {
    if (value !== undefined && value.length < 16) {
      issues.push({ variable, message: 'must be at least 16 characters long' });
    }
  }

  for (const variable of ['SCIM_TOKEN', 'SCIM_TOKEN_PREVIOUS'] as const) {
    const value = e[variable];
    if (value !== undefined && value.length < 32) {
      issues.push({ variable, message: 'must be at least 32 characters long' });
    }
  }
  if (e.SCIM_TOKEN_PREVIOUS !== undefined && e.SCIM_TOKEN === undefined) {
    issues.push({
      variable: 'SCIM_TOKEN',
      message: 'required with SCIM_TOKEN_PREVIOUS (the token that replaces it)',
    });
  }

  if (issues.length > 0) throw new ConfigError(issues);
  return {
    ...common,
    mode: 'live',
    okta: {
      orgUrl,
      auth: oktaAuth,
      hookSecret: new Secret(hookSecret),
      hookSecretPrevious:
        e.OKTA_HOOK_SECRET_PREVIOUS === undefined
          ? undefined
          : new Secret(e.OKTA_HOOK_SECRET_PREVIOUS),
    },
    salesforce: {
      loginUrl,
      apiVersion: e.SF_API_VERSION,
      clientTag: e.SF_CLIENT_TAG,
      auth: salesforceAuth,
    },
    api: { secrets: apiSecrets.map((s) => new Secret(s)) },
    scim:
      e.SCIM_TOKEN === undefined
        ? undefined
        : {
            tokens: [e.SCIM_TOKEN, e.SCIM_TOKEN_PREVIOUS]
              .filter((t): t is string => t !== undefined)
              .map((t) => new Secret(t)),
          },
  };
}
