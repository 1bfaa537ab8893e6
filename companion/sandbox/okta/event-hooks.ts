/** `/api/v1/eventHooks`: registration, one-time verification, activation, deletion. */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { okJson, readJsonBody, requireScope, type OktaEnv } from './api-context.js';
import { fail } from './errors.js';
import { hookHeaders } from './hook-delivery.js';
import type { ActionContext, LogEventSpec, LogTarget } from './log-events.js';
import { oktaId } from './okta-ids.js';
import { eventHookJson } from './representations.js';
import type { EventHookRecord, OktaState } from './state.js';

const READ = ['okta.eventHooks.read', 'okta.eventHooks.manage'];
const MANAGE = ['okta.eventHooks.manage'];

/** Event types an event hook may subscribe to (the event-hook-eligible ones the org emits). */
export const HOOK_ELIGIBLE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'user.lifecycle.create',
  'user.lifecycle.activate',
  'user.lifecycle.reactivate',
  'user.lifecycle.deactivate',
  'user.lifecycle.suspend',
  'user.lifecycle.unsuspend',
  'user.lifecycle.delete.initiated',
  'user.lifecycle.delete.completed',
  'user.account.update_profile',
  'user.account.lock',
  'user.account.unlock',
  'user.account.expire_password',
  'user.mfa.factor.reset_all',
  'user.mfa.factor.deactivate',
  'group.user_membership.add',
  'group.user_membership.remove',
  'group.lifecycle.create',
  'group.lifecycle.delete',
  'group.profile.update',
  'user.session.start',
]);

const RESERVED_HEADERS = new Set([
  'accept',
  'content-type',
  'content-length',
  'host',
  'x-okta-verification-challenge',
]);

function isLoopback(hostname: string): boolean {
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
}

/** Validates a create/replace body into the hook's definition (Okta's E0000001 otherwise). */
export function parseHookDefinition(
  body: Record<string, unknown>,
  stored?: EventHookRecord,
): Pick<EventHookRecord, 'name' | 'events' | 'channel'> {
  const causes: string[] = [];
  const name = body['name'];
  if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
    causes.push('name: The field cannot be left blank');
  }
  const events = body['events'] as { type?: unknown; items?: unknown } | undefined;
  const items = events?.items;
  if (events?.type !== 'EVENT_TYPE') causes.push('events.type: must be EVENT_TYPE');
  if (!Array.isArray(items) || items.length === 0 || !items.every((i) => typeof i === 'string')) {
    causes.push('events.items: The field cannot be left blank');
  } else {
    for (const item of items as string[]) {
      if (!HOOK_ELIGIBLE_EVENT_TYPES.has(item))
        causes.push(`events.items: '${item}' is not an event hook eligible event type`);
    }
  }
  const channel = body['channel'] as
    { type?: unknown; version?: unknown; config?: Record<string, unknown> } | undefined;
  if (channel?.type !== 'HTTP') causes.push('channel.type: must be HTTP');
  if (channel?.version !== '1.0.0') causes.push('channel.version: must be 1.0.0');
  const uri = channel?.config?.['uri'];
  let uriOk = false;
  if (typeof uri === 'string' && uri.length <= 1024) {
    try {
      const parsed = new URL(uri);
      // Okta requires https; the emulator also accepts plain http to a loopback receiver.
      uriOk =
        parsed.protocol === 'https:' ||
        (parsed.protocol === 'http:' && isLoopback(parsed.hostname));
    } catch {
      uriOk = false;
    }
  }
  if (!uriOk) causes.push('channel.config.uri: Must begin with https://');
  const rawHeaders = channel?.config?.['headers'] ?? [];
  const headers: { key: string; value: string }[] = [];
  if (!Array.isArray(rawHeaders))
    causes.push('channel.config.headers: must be a list of key/value pairs');
  else {
    for (const h of rawHeaders as { key?: unknown; value?: unknown }[]) {
      if (typeof h?.key !== 'string' || typeof h.value !== 'string' || h.key === '') {
        causes.push('channel.config.headers: must be a list of key/value pairs');
      } else if (RESERVED_HEADERS.has(h.key.toLowerCase())) {
        causes.push(`channel.config.headers: '${h.key}' is a reserved header`);
      } else headers.push({ key: h.key, value: h.value });
    }
  }
  const auth = channel?.config?.['authScheme'] as
    { type?: unknown; key?: unknown; value?: unknown } | null | undefined;
  let authScheme: EventHookRecord['channel']['config']['authScheme'] = null;
  // Okta never returns authScheme.value, so a replace with the object it returned carries no
  // value: the stored secret is kept ("Replace an event hook", Event Hooks API).
  const storedValue = stored?.channel.config.authScheme?.value;
  if (auth !== undefined && auth !== null) {
    const value = auth.value === undefined || auth.value === null ? storedValue : auth.value;
    if (
      auth.type !== 'HEADER' ||
      typeof auth.key !== 'string' ||
      auth.key === '' ||
      typeof value !== 'string'
    ) {
      causes.push('channel.config.authScheme: type HEADER with key and value is required');
    } else authScheme = { type: 'HEADER', key: auth.key, value };
  }
  if (causes.length > 0) throw fail.validation('eventHook', causes);
  return {
    name: name as string,
    events: { type: 'EVENT_TYPE', items: [...new Set(items as string[])] },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: { uri: uri as string, method: 'POST', headers, authScheme },
    },
  };
}

/** The one-time verification GET; resolves to an error description, or undefined on success. */
export async function verifyEndpoint(
  hook: EventHookRecord,
  timeoutMs: number,
): Promise<string | undefined> {
  const challenge = randomBytes(24).toString('base64url');
  let problem = 'no response';
  for (let attempt = 0; attempt < 2; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetch(hook.channel.config.uri, {
        method: 'GET',
        headers: {
          Accept: 'application/json',
          'X-Okta-Verification-Challenge': challenge,
          ...hookHeaders(hook),
        },
        signal: controller.signal,
      });
      const text = await response.text();
      if (response.status >= 500) {
        problem = `the endpoint answered ${response.status}`;
        continue;
      }
      if (response.status !== 200) return `the endpoint answered ${response.status}`;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return 'the response is not JSON';
      }
      if ((body as { verification?: unknown } | null)?.verification !== challenge) {
        return 'the response does not contain the verification value';
      }
      return undefined;
    } catch {
      problem = 'the request timed out or the connection failed';
    } finally {
      clearTimeout(timer);
    }
  }
  return problem;
}

function hookTarget(hook: EventHookRecord): LogTarget {
  return {
    id: hook.id,
    type: 'EventHook',
    alternateId: hook.channel.config.uri,
    displayName: hook.name,
    detailEntry: null,
  };
}

export function eventHookRoutes(deps: {
  state: () => OktaState;
  now: () => Date;
  orgUrl: () => string;
  verifyTimeoutMs: number;
  record: (specs: readonly LogEventSpec[], context: ActionContext) => void;
}) {
  const requireHook = (id: string) => {
    const hook = deps.state().hooks.get(id);
    if (!hook) throw fail.notFound(id, 'EventHook');
    return hook;
  };
  const log = (eventType: string, hook: EventHookRecord, context: ActionContext) =>
    deps.record([{ eventType, targets: [hookTarget(hook)] }], context);
  const assertUniqueName = (name: string, selfId: string | undefined) => {
    for (const other of deps.state().hooks.values()) {
      if (other.id !== selfId && other.name === name) {
        throw fail.validation('name', [
          'name: An object with this field already exists in the current organization',
        ]);
      }
    }
  };

  return new Hono<OktaEnv>()
    .get('/', (c) => {
      requireScope(c, ...READ);
      return okJson(
        c,
        [...deps.state().hooks.values()].map((h) => eventHookJson(h, deps.orgUrl())),
      );
    })
    .post('/', async (c) => {
      requireScope(c, ...MANAGE);
      const definition = parseHookDefinition(await readJsonBody(c));
      assertUniqueName(definition.name, undefined);
      const now = deps.now().toISOString();
      const hook: EventHookRecord = {
        id: oktaId('who'),
        status: 'ACTIVE',
        verificationStatus: 'UNVERIFIED',
        ...definition,
        created: now,
        lastUpdated: now,
      };
      deps.state().hooks.set(hook.id, hook);
      log('event_hook.created', hook, c.get('actionContext'));
      return okJson(c, eventHookJson(hook, deps.orgUrl()));
    })
    .get('/:id', (c) => {
      requireScope(c, ...READ);
      return okJson(c, eventHookJson(requireHook(c.req.param('id')), deps.orgUrl()));
    })
    .put('/:id', async (c) => {
      requireScope(c, ...MANAGE);
      const hook = requireHook(c.req.param('id'));
      const definition = parseHookDefinition(await readJsonBody(c), hook);
      assertUniqueName(definition.name, hook.id);
      const channelChanged = JSON.stringify(definition.channel) !== JSON.stringify(hook.channel);
      Object.assign(hook, definition, { lastUpdated: deps.now().toISOString() });
      if (channelChanged) hook.verificationStatus = 'UNVERIFIED';
      log('event_hook.updated', hook, c.get('actionContext'));
      return okJson(c, eventHookJson(hook, deps.orgUrl()));
    })
    .delete('/:id', (c) => {
      requireScope(c, ...MANAGE);
      const hook = requireHook(c.req.param('id'));
      if (hook.status !== 'INACTIVE') {
        throw fail.validation('eventHook', [
          'Only event hooks with a status of INACTIVE can be deleted',
        ]);
      }
      deps.state().hooks.delete(hook.id);
      log('event_hook.deleted', hook, c.get('actionContext'));
      return c.body(null, 204);
    })
    .post('/:id/lifecycle/:operation', async (c) => {
      requireScope(c, ...MANAGE);
      const hook = requireHook(c.req.param('id'));
      const context = c.get('actionContext');
      switch (c.req.param('operation')) {
        case 'activate':
          hook.status = 'ACTIVE';
          log('event_hook.activated', hook, context);
          break;
        case 'deactivate':
          hook.status = 'INACTIVE';
          log('event_hook.deactivated', hook, context);
          break;
        case 'verify': {
          if (hook.status !== 'ACTIVE') {
            throw fail.validation('eventHook', ['Only ACTIVE event hooks can be verified']);
          }
          const problem = await verifyEndpoint(hook, deps.verifyTimeoutMs);
          if (problem !== undefined) {
            throw fail.validation('eventHook', [
              `Verification of the event hook failed: ${problem}`,
            ]);
          }
          hook.verificationStatus = 'VERIFIED';
          log('event_hook.verified', hook, context);
          break;
        }
        default:
          throw fail.notFound(c.req.path, 'ApiEndpoint');
      }
      hook.lastUpdated = deps.now().toISOString();
      return okJson(c, eventHookJson(hook, deps.orgUrl()));
    });
}
