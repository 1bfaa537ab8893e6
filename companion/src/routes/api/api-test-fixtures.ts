// Test harness of the /api/v1 routes: the real app and error handling, a real SQLite store, the
// real Okta SDK client (each test file points it at the Okta emulator, seeded with OKTA_SEED), and
// small fakes for the ports implemented elsewhere. Only *.test.ts files may import the sandbox.
import type { OktaSeed, OktaSeedUser } from '../../../sandbox/seed.js';
import { createApp } from '../../app.js';
import type { Grant, GrantService, CreateGrantInput } from '../../grants/types.js';
import { silentLogger } from '../../logger.js';
import { loadSyncConfig } from '../../mapping/config-loader.js';
import { defaultMappingRows, describes } from '../../mapping/mapping-test-fixtures.js';
import type { OktaClient } from '../../okta/client.js';
import { createOktaGateway } from '../../okta/okta-gateway.js';
import type {
  PlanItem,
  ReconciliationRun,
  ReconciliationService,
} from '../../reconciliation/types.js';
import { Secret } from '../../secret.js';
import { openSqliteStore } from '../../store/index.js';
import type { Store } from '../../store/types.js';
import { createGuardService, type GuardService } from '../../workflows/guard-service.js';
import {
  createSyncConfigSource,
  type SyncConfigSource,
} from '../../workflows/sync-config-source.js';
import type { ChannelState, LastPoll } from '../../services/health-snapshot.js';
import { apiRoutes, type ApiDeps } from './index.js';

export const CURRENT_SECRET = 'current-api-secret-0123456789';
export const PREVIOUS_SECRET = 'previous-api-secret-9876543210';
export const AGENT_ID = '005000000000001AAA';
export const CASE_ID = '500000000000001AAA';

const oktaUserId = (name: string) => `00u${name}`.padEnd(20, '0');
const oktaGroupId = (name: string) => `00g${name}`.padEnd(20, '0');

export const USERS = {
  active: oktaUserId('active'),
  locked: oktaUserId('locked'),
  provisioned: oktaUserId('provisioned'),
  deprovisioned: oktaUserId('deprov'),
  suspended: oktaUserId('suspended'),
  staged: oktaUserId('staged'),
  /** An employee: outside the Contact filter, synced only when a Contact links it. */
  employee: oktaUserId('employee'),
  /** An employee holding an Okta admin role through a group. */
  admin: oktaUserId('admin'),
} as const;

export const GROUPS = {
  managed: oktaGroupId('managed'),
  team: oktaGroupId('team'),
  unmanaged: oktaGroupId('everyone'),
  admins: oktaGroupId('admins'),
} as const;

type SeedUser = OktaSeedUser;
export type ApiTestSeed = OktaSeed;

function seedUser(
  id: string,
  name: string,
  status: SeedUser['status'],
  extra: Partial<SeedUser> = {},
): SeedUser {
  const hasPassword = status !== 'PROVISIONED' && status !== 'STAGED';
  return {
    id,
    status,
    created: '2025-01-02T03:04:05.000Z',
    activated: status === 'STAGED' ? null : '2025-01-02T03:04:05.000Z',
    statusChanged: '2025-01-03T00:00:00.000Z',
    lastLogin: hasPassword ? '2025-02-01T08:00:00.000Z' : null,
    lastUpdated: '2025-01-03T00:00:00.000Z',
    passwordChanged: hasPassword ? '2025-01-02T03:04:05.000Z' : null,
    profile: {
      login: `${name}@example.com`,
      email: `${name}@example.com`,
      firstName: name[0]?.toUpperCase() + name.slice(1),
      lastName: 'Tester',
      mobilePhone: null,
      primaryPhone: '+1 415 555 0100',
      title: '  Engineer ',
      department: 'R&D',
      organization: 'Acme',
      userType: 'Customer',
    },
    factors: [],
    ...extra,
  };
}

function employeeUser(id: string, name: string): OktaSeedUser {
  const user = seedUser(id, name, 'ACTIVE');
  return { ...user, profile: { ...user.profile, userType: 'Employee', organization: null } };
}

export const OKTA_SEED: ApiTestSeed = {
  users: [
    seedUser(USERS.active, 'ada', 'ACTIVE', {
      factors: [
        {
          id: 'mfa1totp000000000001',
          factorType: 'token:software:totp',
          provider: 'GOOGLE',
          status: 'ACTIVE',
        },
        { id: 'opf1push000000000001', factorType: 'push', provider: 'OKTA', status: 'ACTIVE' },
      ],
    }),
    seedUser(USERS.locked, 'lou', 'LOCKED_OUT'),
    seedUser(USERS.provisioned, 'pia', 'PROVISIONED'),
    seedUser(USERS.deprovisioned, 'dan', 'DEPROVISIONED'),
    seedUser(USERS.suspended, 'sue', 'SUSPENDED'),
    seedUser(USERS.staged, 'stu', 'STAGED'),
    employeeUser(USERS.employee, 'eve'),
    employeeUser(USERS.admin, 'ari'),
  ],
  groups: [
    {
      id: GROUPS.managed,
      name: 'EMEA Sales',
      description: 'Managed by access rules',
      type: 'OKTA_GROUP',
    },
    { id: GROUPS.team, name: 'Enterprise AEs', description: 'Account team', type: 'OKTA_GROUP' },
    { id: GROUPS.unmanaged, name: 'Everyone Else', description: 'Not managed', type: 'OKTA_GROUP' },
    {
      id: GROUPS.admins,
      name: 'Okta Administrators',
      description: 'Holds SUPER_ADMIN',
      type: 'OKTA_GROUP',
      adminRoles: ['SUPER_ADMIN'],
    },
  ],
  memberships: [
    { groupId: GROUPS.managed, userId: USERS.active },
    { groupId: GROUPS.unmanaged, userId: USERS.active },
    { groupId: GROUPS.admins, userId: USERS.admin },
  ],
};

const ruleRow = (name: string, values: Record<string, unknown>) => ({
  DeveloperName: name,
  MasterLabel: name,
  Rule_Type__c: 'CONDITION_TO_GROUP',
  Okta_Group_Id__c: null,
  Okta_Group_Name__c: null,
  Account_Team_Role__c: null,
  Account_Access_Level__c: null,
  Opportunity_Access_Level__c: null,
  Case_Access_Level__c: null,
  Salesforce_Object__c: null,
  Condition_Field__c: null,
  Condition_Operator__c: null,
  Condition_Value__c: null,
  Okta_Attribute__c: null,
  Attribute_Value__c: null,
  Active__c: true,
  ...values,
});

export const ACCESS_RULE_ROWS = [
  ruleRow('Emea_Opportunities', {
    Okta_Group_Id__c: GROUPS.managed,
    Salesforce_Object__c: 'Opportunity',
    Condition_Field__c: 'Territory__c',
    Condition_Operator__c: 'EQUALS',
    Condition_Value__c: 'EMEA',
  }),
];

const SETTINGS_ROW = {
  DeveloperName: 'Default',
  MasterLabel: 'Default',
  Account_Strategy__c: 'NONE',
  Deprovision_Case_Action__c: 'NONE',
  Default_Grant_Hours__c: 8,
  Max_Grant_Hours__c: 72,
  Blast_Radius_Percent__c: 5,
  Blast_Radius_Min_Contacts__c: 2,
  Blast_Radius_Window_Minutes__c: 60,
  Okta_Contact_Filter__c: 'profile.userType eq "Customer"',
};

/** A Salesforce org reduced to the Contacts the API queries by Id or by Okta_User_Id__c. */
export function fakeSalesforce() {
  const contacts: Record<string, unknown>[] = [];
  const queries: string[] = [];
  const unquote = (literal: string) => literal.replace(/\\(.)/g, '$1');
  return {
    contacts,
    queries,
    query: async (soql: string): Promise<Record<string, unknown>[]> => {
      queries.push(soql);
      const match =
        /^SELECT (.+) FROM Contact WHERE (Id|Okta_User_Id__c) = '((?:[^'\\]|\\.)*)' LIMIT 1$/.exec(
          soql,
        );
      if (!match?.[1] || !match[2] || match[3] === undefined)
        throw new Error(`unexpected SOQL: ${soql}`);
      const fields = match[1].split(',').map((f) => f.trim());
      const key = match[2];
      const value = unquote(match[3]);
      return contacts
        .filter((c) => c[key] === value)
        .slice(0, 1)
        .map((c) => Object.fromEntries(fields.map((f) => [f, c[f] ?? null])));
    },
  };
}

export function fakeGrants(): GrantService & {
  created: CreateGrantInput[];
  revoked: { id: string; input: unknown }[];
} {
  const created: CreateGrantInput[] = [];
  const revoked: { id: string; input: unknown }[] = [];
  const grant = (input: Partial<Grant> & { id: string }): Grant => ({
    name: 'AG-0001',
    caseId: CASE_ID,
    contactId: '003000000000001AAA',
    oktaUserId: USERS.active,
    groupId: GROUPS.managed,
    groupName: 'EMEA Sales',
    status: 'ACTIVE',
    expiresAt: '2025-06-01T08:00:00.000Z',
    grantedAt: '2025-06-01T00:00:00.000Z',
    revokedAt: null,
    reason: 'Needs access',
    requestedBy: AGENT_ID,
    error: null,
    ...input,
  });
  return {
    created,
    revoked,
    async create(input) {
      created.push(input);
      return grant({
        id: 'a01000000000001AAA',
        caseId: input.caseId,
        groupId: input.groupId,
        reason: input.reason,
        requestedBy: input.requestedBy ?? null,
      });
    },
    async revoke(id, input) {
      revoked.push({ id, input });
      return grant({ id, status: 'REVOKED', revokedAt: '2025-06-01T01:00:00.000Z' });
    },
    async listByCase(caseId, options) {
      const all = [
        grant({ id: 'a01000000000001AAA', caseId }),
        grant({ id: 'a01000000000002AAA', caseId, status: 'EXPIRED' }),
      ];
      return options?.activeOnly ? all.filter((g) => g.status === 'ACTIVE') : all;
    },
    async grantableGroups() {
      return [{ id: GROUPS.managed, name: 'EMEA Sales', description: 'Managed by access rules' }];
    },
  };
}

export function fakeReconciliations(items: PlanItem[] = []): ReconciliationService & {
  running: ReconciliationRun | undefined;
  applyStatus: ReconciliationRun['status'];
  starts: unknown[];
} {
  const runs = new Map<string, ReconciliationRun>();
  const run = (id: string, extra: Partial<ReconciliationRun> = {}): ReconciliationRun => ({
    id,
    status: 'PLANNED',
    dryRun: true,
    trigger: 'api',
    requestedBy: null,
    startedAt: '2025-06-01T00:00:00.000Z',
    finishedAt: '2025-06-01T00:01:00.000Z',
    progress: { oktaUsersRead: 10, contactsRead: 10, itemsApplied: 0, itemsFailed: 0 },
    summary: { creates: 1, updates: 1, links: 0, deactivations: 0, conflicts: 0, unchanged: 8 },
    error: null,
    ...extra,
  });
  runs.set('run-1', run('run-1'));
  const service = {
    running: undefined as ReconciliationRun | undefined,
    applyStatus: 'APPLYING' as ReconciliationRun['status'],
    starts: [] as unknown[],
    async start(input: Parameters<ReconciliationService['start']>[0]) {
      service.starts.push(input);
      const started = run(`run-${runs.size + 1}`, {
        status: 'RUNNING',
        dryRun: input.dryRun,
        requestedBy: input.requestedBy ?? null,
        finishedAt: null,
      });
      runs.set(started.id, started);
      return started;
    },
    async apply(id: string) {
      const applied = run(id, { status: service.applyStatus, dryRun: false });
      runs.set(id, applied);
      return applied;
    },
    get: async (id: string) => runs.get(id),
    list: async (limit: number) => [...runs.values()].slice(0, limit),
    async planItems(id: string, query: Parameters<ReconciliationService['planItems']>[1]) {
      if (!runs.has(id)) return { items: [] };
      const matching = items.filter(
        (i) => i.seq > (query.after ?? 0) && (!query.kinds || query.kinds.includes(i.kind)),
      );
      const page = matching.slice(0, query.limit);
      const last = page.at(-1);
      return matching.length > query.limit && last
        ? { items: page, next: last.seq }
        : { items: page };
    },
    current: () => service.running,
    whenSettled: async (id: string) => runs.get(id),
  };
  return service;
}

export interface ApiHarness {
  client: OktaClient;
  store: Store;
  syncConfig: SyncConfigSource;
  guard: GuardService;
  grants: ReturnType<typeof fakeGrants>;
  reconciliations: ReturnType<typeof fakeReconciliations>;
  salesforce: ReturnType<typeof fakeSalesforce>;
  channels: Record<string, ChannelState>;
  lastPoll: { value: LastPoll };
  wakes: { count: number };
  clock: { now: Date };
  /** A request with the current secret and the agent's user id, unless `headers` override them. */
  call(
    path: string,
    init?: { method?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  rawRequest(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startApiHarness(
  client: OktaClient,
  options: { planItems?: PlanItem[]; deps?: Partial<ApiDeps> } = {},
): Promise<ApiHarness> {
  const clock = { now: new Date('2025-06-01T12:00:00.000Z') };
  const now = () => clock.now;
  const store = openSqliteStore({ path: ':memory:', now });
  const logger = silentLogger();
  const syncConfig = createSyncConfigSource({
    load: () =>
      loadSyncConfig({
        query: async (soql) => {
          if (soql.includes('FROM Okta_Field_Mapping__mdt')) return defaultMappingRows;
          if (soql.includes('FROM Okta_Access_Rule__mdt')) return ACCESS_RULE_ROWS;
          return [SETTINGS_ROW];
        },
        describe: async (name) => {
          const found = describes[name];
          if (!found) throw new Error(`no describe for ${name}`);
          return found;
        },
      }),
    logger,
    now,
  });
  await syncConfig.reload('test');
  const guard = createGuardService({
    cursors: store.cursors,
    countLinkedContacts: async () => 40,
    onTrip: () => undefined,
    onRelease: () => undefined,
    now,
  });
  const grants = fakeGrants();
  const reconciliations = fakeReconciliations(options.planItems);
  const salesforce = fakeSalesforce();
  const channels: Record<string, ChannelState> = {};
  const lastPoll: { value: LastPoll } = { value: undefined };
  const wakes = { count: 0 };

  const app = createApp({ logger, readiness: [] });
  app.route(
    '/api/v1',
    apiRoutes({
      secrets: [new Secret(CURRENT_SECRET), new Secret(PREVIOUS_SECRET)],
      okta: createOktaGateway(client),
      store,
      syncConfig,
      guard,
      grants,
      reconciliations,
      querySalesforce: salesforce.query,
      wake: () => {
        wakes.count += 1;
      },
      pollerState: () => lastPoll.value,
      channelStates: () => channels,
      linkedContacts: async () => 40,
      now,
      logger,
      ...options.deps,
    }),
  );

  const rawRequest = async (path: string, init?: RequestInit) =>
    app.request(`/api/v1${path}`, init);
  return {
    client,
    store,
    syncConfig,
    guard,
    grants,
    reconciliations,
    salesforce,
    channels,
    lastPoll,
    wakes,
    clock,
    rawRequest,
    call: (path, init = {}) =>
      rawRequest(path, {
        method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
        headers: {
          authorization: `Bearer ${CURRENT_SECRET}`,
          'x-salesforce-user-id': AGENT_ID,
          ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
      }),
    async close() {
      await store.close();
    },
  };
}

export interface ErrorAnswer {
  error: { code: string; message: string; requestId: string; details?: unknown };
}
