/**
 * System Log events in Okta's LogEvent shape, built from what happened (event type,
 * targets) and who did it (the action context). Pure: ids and times come in.
 */
import type { GroupRecord, UserRecord } from './state.js';

export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: Record<string, unknown> | null;
}

export interface LogTarget {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
  detailEntry: Record<string, unknown> | null;
  changeDetails?: { from: Record<string, unknown>; to: Record<string, unknown> };
}

export interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  version: string;
  severity: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  legacyEventType: string | null;
  displayMessage: string;
  actor: LogActor;
  client: {
    userAgent: { rawUserAgent: string; os: string; browser: string };
    zone: string;
    device: string;
    id: string | null;
    ipAddress: string;
    geographicalContext: null;
  };
  device: null;
  authenticationContext: {
    authenticationProvider: string | null;
    credentialProvider: string | null;
    credentialType: string | null;
    issuer: { id: string; type: string } | null;
    interface: string | null;
    authenticationStep: number;
    externalSessionId: string;
  };
  securityContext: {
    asNumber: number | null;
    asOrg: string | null;
    isp: string | null;
    domain: string | null;
    isProxy: boolean | null;
  };
  outcome: { result: string; reason: string | null };
  target: LogTarget[];
  transaction: { type: 'WEB' | 'JOB'; id: string; detail: Record<string, unknown> };
  debugContext: { debugData: Record<string, unknown> };
  request: {
    ipChain: { ip: string; geographicalContext: null; version: 'V4' | 'V6'; source: null }[];
  };
}

/** Who performed an action, and through which client — identical for every event of one request. */
export interface ActionContext {
  actor: LogActor;
  client: {
    userAgent: string;
    ipAddress: string;
    /** OAuth client id for OAuth requests, null otherwise. */
    clientId: string | null;
    device: string;
  };
  credentialType: 'OAUTH2' | 'API_TOKEN' | 'PASSWORD' | null;
  /** Id of the SSWS token that made the request, as Okta records in transaction.detail. */
  apiTokenId: string | null;
  requestId: string;
  requestUri: string | null;
  sessionId: string;
}

interface EventTypeInfo {
  displayMessage: string;
  legacyEventType: string | null;
}

export const EVENT_TYPES: Readonly<Record<string, EventTypeInfo>> = {
  'user.lifecycle.create': {
    displayMessage: 'Create Okta user',
    legacyEventType: 'core.user.config.user_creation.success',
  },
  'user.lifecycle.activate': {
    displayMessage: 'Activate Okta user',
    legacyEventType: 'core.user.config.user_activated',
  },
  'user.lifecycle.reactivate': {
    displayMessage: 'Reactivate Okta user',
    legacyEventType: 'core.user.config.user_reactivated',
  },
  'user.lifecycle.deactivate': {
    displayMessage: 'Deactivate Okta user',
    legacyEventType: 'core.user.config.user_deactivated',
  },
  'user.lifecycle.suspend': {
    displayMessage: 'Suspend Okta user',
    legacyEventType: 'core.user.config.user_status.suspended',
  },
  'user.lifecycle.unsuspend': {
    displayMessage: 'Unsuspend Okta user',
    legacyEventType: 'core.user.config.user_status.unsuspended',
  },
  'user.lifecycle.delete.initiated': {
    displayMessage: 'Delete Okta user',
    legacyEventType: 'core.user.config.user_deletion_initiated',
  },
  'user.lifecycle.delete.completed': {
    displayMessage: 'Delete Okta user completed',
    legacyEventType: 'core.user.config.user_deletion_completed',
  },
  'user.account.update_profile': {
    displayMessage: 'Update user profile for Okta',
    legacyEventType: 'core.user.config.profile_update.success',
  },
  'user.account.lock': {
    displayMessage: 'Max sign in attempts exceeded',
    legacyEventType: 'core.user_auth.account_locked',
  },
  'user.account.unlock': {
    displayMessage: 'Unlock user account',
    legacyEventType: 'core.user.config.user_unlocked',
  },
  'user.account.update_password': {
    displayMessage: 'User update password for Okta',
    legacyEventType: 'core.user.config.password_update.success',
  },
  'user.account.expire_password': {
    displayMessage: 'Expire user password',
    legacyEventType: 'core.user.config.password_expired',
  },
  'user.mfa.factor.reset_all': {
    displayMessage: 'Reset all factors for user',
    legacyEventType: 'core.user.factor.reset_all',
  },
  'user.mfa.factor.deactivate': {
    displayMessage: 'Reset factor for user',
    legacyEventType: 'core.user.factor.deactivate',
  },
  'group.user_membership.add': {
    displayMessage: 'Add user to group membership',
    legacyEventType: 'core.user_group_member.user_add',
  },
  'group.lifecycle.create': {
    displayMessage: 'Create Okta group',
    legacyEventType: 'core.user_group.created',
  },
  'group.lifecycle.delete': {
    displayMessage: 'Delete Okta group',
    legacyEventType: 'core.user_group.deleted',
  },
  'group.profile.update': {
    displayMessage: 'Update Okta group profile',
    legacyEventType: 'core.user_group.updated',
  },
  'event_hook.created': { displayMessage: 'Event hook created', legacyEventType: null },
  'event_hook.updated': { displayMessage: 'Event hook updated', legacyEventType: null },
  'event_hook.activated': { displayMessage: 'Event hook activated', legacyEventType: null },
  'event_hook.deactivated': { displayMessage: 'Event hook deactivated', legacyEventType: null },
  'event_hook.deleted': { displayMessage: 'Event hook deleted', legacyEventType: null },
  'event_hook.verified': { displayMessage: 'Event hook verified', legacyEventType: null },
  'group.user_membership.remove': {
    displayMessage: 'Remove user from group membership',
    legacyEventType: 'core.user_group_member.user_remove',
  },
};

export function userTarget(user: UserRecord): LogTarget {
  return {
    id: user.id,
    type: 'User',
    alternateId: String(user.profile['login'] ?? ''),
    displayName:
      `${String(user.profile['firstName'] ?? '')} ${String(user.profile['lastName'] ?? '')}`.trim(),
    detailEntry: null,
  };
}

export function groupTarget(group: GroupRecord): LogTarget {
  return {
    id: group.id,
    type: 'UserGroup',
    alternateId: 'unknown',
    displayName: group.name,
    detailEntry: null,
  };
}

export interface LogEventSpec {
  eventType: string;
  targets: LogTarget[];
  debugData?: Record<string, unknown>;
  displayMessage?: string;
  outcome?: { result: string; reason: string | null };
}

export function buildLogEvent(
  spec: LogEventSpec,
  context: ActionContext,
  ids: { uuid: string; published: string },
): LogEvent {
  const info = EVENT_TYPES[spec.eventType];
  const ipVersion = context.client.ipAddress.includes(':') ? 'V6' : 'V4';
  return {
    uuid: ids.uuid,
    published: ids.published,
    eventType: spec.eventType,
    version: '0',
    severity: 'INFO',
    legacyEventType: info?.legacyEventType ?? null,
    displayMessage: spec.displayMessage ?? info?.displayMessage ?? spec.eventType,
    actor: { ...context.actor },
    client: {
      userAgent: {
        rawUserAgent: context.client.userAgent,
        os: 'Unknown',
        browser: context.client.device === 'Computer' ? 'CHROME' : 'UNKNOWN',
      },
      zone: 'null',
      device: context.client.device,
      id: context.client.clientId,
      ipAddress: context.client.ipAddress,
      geographicalContext: null,
    },
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: context.credentialType,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: context.sessionId,
    },
    securityContext: { asNumber: null, asOrg: null, isp: null, domain: null, isProxy: null },
    outcome: spec.outcome ?? { result: 'SUCCESS', reason: null },
    target: spec.targets,
    transaction: {
      type: 'WEB',
      id: context.requestId,
      detail: context.apiTokenId === null ? {} : { requestApiTokenId: context.apiTokenId },
    },
    debugContext: {
      debugData: {
        requestId: context.requestId,
        ...(context.requestUri === null
          ? {}
          : { requestUri: context.requestUri, url: context.requestUri }),
        ...spec.debugData,
      },
    },
    request: {
      ipChain: [
        {
          ip: context.client.ipAddress,
          geographicalContext: null,
          version: ipVersion,
          source: null,
        },
      ],
    },
  };
}
