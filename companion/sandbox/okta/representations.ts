/** JSON representations of the org's objects, as the Management API returns them. */
import type { EventHookRecord, FactorRecord, GroupRecord, OktaState, UserRecord } from './state.js';

export function userJson(
  user: UserRecord,
  state: OktaState,
  orgUrl: string,
): Record<string, unknown> {
  const email = user.profile['email'];
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: { id: state.userTypeId },
    profile: user.profile,
    credentials: {
      ...(user.hasPassword ? { password: {} } : {}),
      ...(typeof email === 'string'
        ? { emails: [{ value: email, status: 'VERIFIED', type: 'PRIMARY' }] }
        : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: { self: { href: `${orgUrl}/api/v1/users/${user.id}` } },
  };
}

export function groupJson(group: GroupRecord, orgUrl: string): Record<string, unknown> {
  return {
    id: group.id,
    created: group.created,
    lastUpdated: group.lastUpdated,
    lastMembershipUpdated: group.lastMembershipUpdated,
    objectClass: ['okta:user_group'],
    type: group.type,
    profile: { name: group.name, description: group.description },
    _links: {
      logo: [
        {
          name: 'medium',
          href: `${orgUrl}/assets/img/logos/groups/okta-medium.png`,
          type: 'image/png',
        },
        {
          name: 'large',
          href: `${orgUrl}/assets/img/logos/groups/okta-large.png`,
          type: 'image/png',
        },
      ],
      users: { href: `${orgUrl}/api/v1/groups/${group.id}/users` },
      apps: { href: `${orgUrl}/api/v1/groups/${group.id}/apps` },
    },
  };
}

const VENDOR: Record<string, string> = {
  'token:software:totp': 'OKTA',
  sms: 'OKTA',
  push: 'OKTA',
  email: 'OKTA',
};

export function factorJson(
  factor: FactorRecord,
  userId: string,
  orgUrl: string,
): Record<string, unknown> {
  return {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.provider === 'GOOGLE' ? 'GOOGLE' : (VENDOR[factor.factorType] ?? 'OKTA'),
    status: factor.status,
    created: factor.created,
    lastUpdated: factor.lastUpdated,
    profile: {},
    _links: { self: { href: `${orgUrl}/api/v1/users/${userId}/factors/${factor.id}` } },
  };
}

/** The hook as Okta returns it: the auth scheme's secret value is never echoed. */
export function eventHookJson(hook: EventHookRecord, orgUrl: string): Record<string, unknown> {
  const auth = hook.channel.config.authScheme;
  return {
    id: hook.id,
    status: hook.status,
    verificationStatus: hook.verificationStatus,
    name: hook.name,
    created: hook.created,
    createdBy: null,
    lastUpdated: hook.lastUpdated,
    events: { type: hook.events.type, items: [...hook.events.items], filter: null },
    channel: {
      type: hook.channel.type,
      version: hook.channel.version,
      config: {
        uri: hook.channel.config.uri,
        method: hook.channel.config.method,
        headers: hook.channel.config.headers.map((h) => ({ key: h.key, value: h.value })),
        authScheme: auth ? { type: auth.type, key: auth.key } : null,
      },
    },
    _links: {
      self: {
        href: `${orgUrl}/api/v1/eventHooks/${hook.id}`,
        hints: { allow: ['GET', 'PUT', 'DELETE'] },
      },
      verify: {
        href: `${orgUrl}/api/v1/eventHooks/${hook.id}/lifecycle/verify`,
        hints: { allow: ['POST'] },
      },
    },
  };
}
