import type { LogEvent } from './log-events.js';
import { oktaId } from './okta-ids.js';
import type { OktaState, UserRecord } from './state.js';

/**
 * Okta's provisioning to SCIM 2.0 applications, as Okta's provisioning client behaves: an app
 * with a SCIM base URL and a bearer token; assignments to users and to groups; and an engine that
 * pushes the directory's changes. Assigning looks the user up by userName first (found → link,
 * else POST /Users); profile changes push PUT or PATCH (an app setting); unassignment and
 * deactivation push `active: false`; Group Push sends the group and membership PATCHes. Failed
 * pushes are retried, then kept as failed tasks that can be retried by hand.
 */

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Where the product's SCIM app maps other Okta attributes (see the companion's schemas). */
const OKTA_EXTENSION = 'urn:okta-sync:params:scim:schemas:extension:okta:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';

export interface ScimAppSettings {
  label: string;
  /** The SCIM connector base URL, e.g. `https://companion.example.com/scim/v2`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token: string;
  /** How profile changes are pushed: whole-object PUT (app wizard) or PATCH (OIN template). */
  updateMethod?: 'PUT' | 'PATCH';
}

export interface ScimApp extends Required<ScimAppSettings> {
  id: string;
  created: string;
}

export type TaskKind =
  | 'provision-user'
  | 'update-user'
  | 'deactivate-user'
  | 'reactivate-user'
  | 'push-group'
  | 'push-memberships'
  | 'delete-group';

export interface ProvisioningTask {
  id: string;
  appId: string;
  kind: TaskKind;
  /** The Okta user or group the task is about. */
  subjectId: string;
  status: 'PENDING' | 'IN_PROGRESS' | 'FAILED' | 'COMPLETED';
  attempts: number;
  lastError: string | null;
  created: string;
  /** Membership changes of a push-memberships task. */
  add?: string[];
  remove?: string[];
}

export interface ProvisioningOptions {
  /** Waits before each retry; after the last one the task is FAILED. Okta retries a few times. */
  retryDelaysMs?: readonly number[];
  /** Tasks in flight at once (one per user or group at a time). */
  concurrency?: number;
  requestTimeoutMs?: number;
}

interface AppUser {
  /** The SCIM id the app answered, once provisioned. */
  scimId: string | null;
  /** Why the user is assigned: directly ('USER') and/or through these group ids. */
  via: Set<string>;
}

class PushError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Okta's default SCIM attribute mappings from the Okta profile. */
export function scimUserOf(user: UserRecord, active: boolean): Record<string, unknown> {
  const p = user.profile;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const phones = [
    ...(text(p['primaryPhone']) ? [{ value: p['primaryPhone'], type: 'work', primary: true }] : []),
    ...(text(p['mobilePhone']) ? [{ value: p['mobilePhone'], type: 'mobile' }] : []),
  ];
  const enterprise = Object.fromEntries(
    ['organization', 'department', 'division', 'costCenter', 'employeeNumber']
      .filter((a) => text(p[a]))
      .map((a) => [a, p[a]]),
  );
  const custom = text(p['userType']) ? { userType: p['userType'] } : {};
  return {
    schemas: [
      CORE,
      ...(Object.keys(enterprise).length ? [ENTERPRISE] : []),
      ...(Object.keys(custom).length ? [OKTA_EXTENSION] : []),
    ],
    userName: p['login'],
    externalId: user.id,
    name: { givenName: p['firstName'] ?? '', familyName: p['lastName'] ?? '' },
    displayName: [p['firstName'], p['lastName']].filter(Boolean).join(' '),
    ...(text(p['email']) ? { emails: [{ value: p['email'], type: 'work', primary: true }] } : {}),
    ...(phones.length ? { phoneNumbers: phones } : {}),
    ...(text(p['title']) ? { title: p['title'] } : {}),
    ...(text(p['locale']) ? { locale: p['locale'] } : {}),
    ...(Object.keys(enterprise).length ? { [ENTERPRISE]: enterprise } : {}),
    ...(Object.keys(custom).length ? { [OKTA_EXTENSION]: custom } : {}),
    active,
  };
}

const INACTIVE = new Set(['DEPROVISIONED', 'SUSPENDED']);

export class ProvisioningEngine {
  readonly #state: () => OktaState;
  readonly #now: () => Date;
  readonly #retryDelays: readonly number[];
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #apps = new Map<string, ScimApp>();
  readonly #appUsers = new Map<string, Map<string, AppUser>>();
  readonly #assignedGroups = new Map<string, Set<string>>();
  /** Pushed groups per app: Okta group id → SCIM group id (null until created). */
  readonly #pushedGroups = new Map<string, Map<string, string | null>>();
  readonly #tasks: ProvisioningTask[] = [];
  readonly #queue: ProvisioningTask[] = [];
  readonly #busy = new Set<string>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #inFlight = 0;
  #idle: (() => void)[] = [];
  #stopped = false;

  constructor(deps: { state: () => OktaState; now: () => Date; options?: ProvisioningOptions }) {
    this.#state = deps.state;
    this.#now = deps.now;
    this.#retryDelays = deps.options?.retryDelaysMs ?? [1_000, 5_000, 15_000];
    this.#concurrency = deps.options?.concurrency ?? 8;
    this.#timeoutMs = deps.options?.requestTimeoutMs ?? 60_000;
  }

  createScimApp(settings: ScimAppSettings): ScimApp {
    const app: ScimApp = {
      id: oktaId('0oa'),
      label: settings.label,
      baseUrl: settings.baseUrl.replace(/\/+$/, ''),
      token: settings.token,
      updateMethod: settings.updateMethod ?? 'PATCH',
      created: this.#now().toISOString(),
    };
    this.#apps.set(app.id, app);
    this.#appUsers.set(app.id, new Map());
    this.#assignedGroups.set(app.id, new Set());
    this.#pushedGroups.set(app.id, new Map());
    return app;
  }

  apps(): ScimApp[] {
    return [...this.#apps.values()];
  }

  /** The app user of an Okta user: its SCIM id once provisioned. */
  appUser(appId: string, userId: string): { scimId: string | null } | undefined {
    const entry = this.#appUsers.get(appId)?.get(userId);
    return entry ? { scimId: entry.scimId } : undefined;
  }

  assignUser(appId: string, userId: string): void {
    this.#assign(appId, userId, 'USER');
  }

  unassignUser(appId: string, userId: string): void {
    this.#unassign(appId, userId, 'USER');
  }

  /** Every member is assigned, and so are the group's future members. */
  assignGroup(appId: string, groupId: string): void {
    this.#assignedGroups.get(this.#app(appId).id)?.add(groupId);
    for (const userId of this.#state().sortedMembers(groupId)) this.#assign(appId, userId, groupId);
  }

  unassignGroup(appId: string, groupId: string): void {
    this.#assignedGroups.get(this.#app(appId).id)?.delete(groupId);
    for (const userId of this.#state().sortedMembers(groupId))
      this.#unassign(appId, userId, groupId);
  }

  /** Group Push: the group and its provisioned members, then every membership change. */
  pushGroup(appId: string, groupId: string): void {
    this.#pushedGroups.get(this.#app(appId).id)?.set(groupId, null);
    this.#enqueue(appId, 'push-group', groupId);
  }

  unpushGroup(appId: string, groupId: string): void {
    if (!this.#pushedGroups.get(this.#app(appId).id)?.has(groupId)) return;
    this.#enqueue(appId, 'delete-group', groupId);
  }

  tasks(): readonly ProvisioningTask[] {
    return this.#tasks;
  }

  failedTasks(): ProvisioningTask[] {
    return this.#tasks.filter((t) => t.status === 'FAILED');
  }

  /** "Retry failed tasks" in the Admin Console. */
  retryFailedTasks(): number {
    const failed = this.failedTasks();
    for (const task of failed) {
      task.status = 'PENDING';
      task.attempts = 0;
      this.#queue.push(task);
    }
    this.#pump();
    return failed.length;
  }

  /** Resolves when no task is queued, in flight or waiting for a retry. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  stop(): void {
    this.#stopped = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  /** Every System Log event of the org: what Okta's provisioning reacts to. */
  onLogEvent(event: LogEvent): void {
    const user = event.target.find((t) => t.type === 'User')?.id;
    const group = event.target.find((t) => t.type === 'UserGroup')?.id;
    for (const appId of this.#apps.keys()) {
      const assigned = user ? this.#appUsers.get(appId)?.get(user) : undefined;
      switch (event.eventType) {
        case 'user.account.update_profile':
          if (assigned)
            this.#enqueue(
              appId,
              assigned.scimId ? 'update-user' : 'provision-user',
              user as string,
            );
          break;
        case 'user.lifecycle.deactivate':
        case 'user.lifecycle.suspend':
          if (assigned) this.#enqueue(appId, 'deactivate-user', user as string);
          break;
        case 'user.lifecycle.activate':
        case 'user.lifecycle.reactivate':
        case 'user.lifecycle.unsuspend':
          if (assigned) this.#enqueue(appId, 'reactivate-user', user as string);
          break;
        case 'group.user_membership.add':
        case 'group.user_membership.remove': {
          if (!user || !group) break;
          const added = event.eventType.endsWith('.add');
          if (this.#assignedGroups.get(appId)?.has(group)) {
            if (added) this.#assign(appId, user, group);
            else this.#unassign(appId, user, group);
          }
          if (this.#pushedGroups.get(appId)?.has(group)) {
            this.#enqueue(
              appId,
              'push-memberships',
              group,
              added ? { add: [user] } : { remove: [user] },
            );
          }
          break;
        }
        default:
          break;
      }
    }
  }

  #app(appId: string): ScimApp {
    const app = this.#apps.get(appId);
    if (!app) throw new Error(`no app ${appId}`);
    return app;
  }

  #assign(appId: string, userId: string, via: string): void {
    this.#app(appId);
    const users = this.#appUsers.get(appId) as Map<string, AppUser>;
    const existing = users.get(userId);
    if (existing) {
      const wasAssigned = existing.via.size > 0;
      existing.via.add(via);
      if (!wasAssigned)
        this.#enqueue(appId, existing.scimId ? 'reactivate-user' : 'provision-user', userId);
      return;
    }
    users.set(userId, { scimId: null, via: new Set([via]) });
    this.#enqueue(appId, 'provision-user', userId);
  }

  #unassign(appId: string, userId: string, via: string): void {
    const entry = this.#appUsers.get(appId)?.get(userId);
    if (!entry || !entry.via.delete(via) || entry.via.size > 0) return;
    this.#enqueue(appId, 'deactivate-user', userId);
  }

  #enqueue(
    appId: string,
    kind: TaskKind,
    subjectId: string,
    extra: { add?: string[]; remove?: string[] } = {},
  ): void {
    const task: ProvisioningTask = {
      id: oktaId('tsk'),
      appId,
      kind,
      subjectId,
      status: 'PENDING',
      attempts: 0,
      lastError: null,
      created: this.#now().toISOString(),
      ...extra,
    };
    this.#tasks.push(task);
    this.#queue.push(task);
    this.#pump();
  }

  #isIdle(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0 && this.#timers.size === 0;
  }

  #pump(): void {
    if (this.#stopped) return;
    for (let i = 0; i < this.#queue.length && this.#inFlight < this.#concurrency;) {
      const task = this.#queue[i] as ProvisioningTask;
      const key = `${task.appId}:${task.subjectId}`;
      // One task per user or group at a time, in order.
      const earlier = this.#queue.slice(0, i).some((t) => `${t.appId}:${t.subjectId}` === key);
      if (this.#busy.has(key) || earlier) {
        i += 1;
        continue;
      }
      this.#queue.splice(i, 1);
      this.#busy.add(key);
      this.#inFlight += 1;
      task.status = 'IN_PROGRESS';
      void this.#run(task).finally(() => {
        this.#busy.delete(key);
        this.#inFlight -= 1;
        this.#pump();
        if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  async #run(task: ProvisioningTask): Promise<void> {
    task.attempts += 1;
    try {
      await this.#execute(task);
      task.status = 'COMPLETED';
      task.lastError = null;
    } catch (error) {
      const retryable = !(error instanceof PushError) || error.retryable;
      task.lastError = error instanceof Error ? error.message : String(error);
      const delay = this.#retryDelays[task.attempts - 1];
      if (!retryable || delay === undefined || this.#stopped) {
        task.status = 'FAILED';
        return;
      }
      task.status = 'PENDING';
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        this.#queue.push(task);
        this.#pump();
      }, delay);
      timer.unref();
      this.#timers.add(timer);
    }
  }

  async #request(app: ScimApp, method: string, path: string, body?: unknown) {
    let response: Response;
    try {
      response = await fetch(`${app.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${app.token}`,
          accept: 'application/scim+json',
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      throw new PushError(
        `${method} ${path}: ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) {
      const detail = typeof json['detail'] === 'string' ? json['detail'] : text.slice(0, 200);
      const retryable =
        response.status >= 500 || response.status === 429 || response.status === 401;
      throw Object.assign(
        new PushError(`${method} ${path}: ${response.status} ${detail}`, retryable),
        {
          status: response.status,
        },
      );
    }
    return json;
  }

  async #execute(task: ProvisioningTask): Promise<void> {
    const app = this.#app(task.appId);
    if (
      task.kind === 'push-group' ||
      task.kind === 'push-memberships' ||
      task.kind === 'delete-group'
    ) {
      return this.#executeGroup(app, task);
    }
    const entry = this.#appUsers.get(app.id)?.get(task.subjectId);
    const user = this.#state().users.get(task.subjectId);
    if (!entry) return;
    if (!user) throw new PushError('the Okta user no longer exists', false);
    const assigned = entry.via.size > 0 && !INACTIVE.has(user.status);

    if (!entry.scimId) {
      if (!assigned) return;
      // Okta looks the user up before creating it: found → linked, not created twice.
      const login = String(user.profile['login']);
      const found = await this.#request(
        app,
        'GET',
        `/Users?filter=${encodeURIComponent(`userName eq "${login.replace(/"/g, '\\"')}"`)}&startIndex=1&count=100`,
      );
      const existing = (found['Resources'] as { id: string }[] | undefined)?.[0];
      if (existing) {
        entry.scimId = existing.id;
        await this.#update(app, entry.scimId, user, true);
        return;
      }
      const created = await this.#request(app, 'POST', '/Users', scimUserOf(user, true));
      entry.scimId = String(created['id']);
      return;
    }
    switch (task.kind) {
      case 'provision-user':
      case 'update-user':
      case 'reactivate-user':
        await this.#update(app, entry.scimId, user, assigned);
        return;
      case 'deactivate-user':
        if (app.updateMethod === 'PUT') {
          await this.#request(app, 'PUT', `/Users/${entry.scimId}`, scimUserOf(user, false));
        } else {
          await this.#request(app, 'PATCH', `/Users/${entry.scimId}`, {
            schemas: [PATCH_OP],
            Operations: [{ op: 'replace', value: { active: false } }],
          });
        }
        return;
    }
  }

  async #update(app: ScimApp, scimId: string, user: UserRecord, active: boolean): Promise<void> {
    const resource = scimUserOf(user, active);
    if (app.updateMethod === 'PUT') {
      await this.#request(app, 'PUT', `/Users/${scimId}`, { ...resource, id: scimId });
      return;
    }
    const { schemas: _schemas, ...value } = resource;
    void _schemas;
    await this.#request(app, 'PATCH', `/Users/${scimId}`, {
      schemas: [PATCH_OP],
      Operations: [{ op: 'replace', value }],
    });
  }

  #memberScimId(appId: string, userId: string): string | null | undefined {
    const entry = this.#appUsers.get(appId)?.get(userId);
    return entry ? entry.scimId : undefined;
  }

  async #executeGroup(app: ScimApp, task: ProvisioningTask): Promise<void> {
    const pushed = this.#pushedGroups.get(app.id) as Map<string, string | null>;
    const group = this.#state().groups.get(task.subjectId);
    if (task.kind === 'delete-group') {
      const scimId = pushed.get(task.subjectId);
      pushed.delete(task.subjectId);
      if (scimId) await this.#request(app, 'DELETE', `/Groups/${scimId}`);
      return;
    }
    if (!group) throw new PushError('the Okta group no longer exists', false);
    if (task.kind === 'push-group') {
      // Only members already provisioned to the app are pushed.
      const members = this.#state()
        .sortedMembers(task.subjectId)
        .map((userId) => this.#memberScimId(app.id, userId))
        .filter((id): id is string => typeof id === 'string')
        .map((value) => ({ value }));
      const created = await this.#request(app, 'POST', '/Groups', {
        schemas: [GROUP],
        displayName: group.name,
        members,
      });
      pushed.set(task.subjectId, String(created['id']));
      return;
    }
    const scimGroupId = pushed.get(task.subjectId);
    if (!scimGroupId) throw new PushError('the group is not pushed yet', true);
    const ids = (userIds: readonly string[] | undefined) =>
      (userIds ?? []).map((userId) => {
        const scimId = this.#memberScimId(app.id, userId);
        if (scimId === null) throw new PushError('the member is not provisioned yet', true);
        return scimId;
      });
    const add = ids(task.add).filter((id): id is string => id !== undefined);
    const remove = ids(task.remove).filter((id): id is string => id !== undefined);
    const operations = [
      ...(add.length
        ? [{ op: 'add', path: 'members', value: add.map((value) => ({ value })) }]
        : []),
      ...remove.map((id) => ({ op: 'remove', path: `members[value eq "${id}"]` })),
    ];
    if (operations.length === 0) return;
    await this.#request(app, 'PATCH', `/Groups/${scimGroupId}`, {
      schemas: [PATCH_OP],
      Operations: operations,
    });
  }
}
