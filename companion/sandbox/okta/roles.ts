/**
 * Admin role assignments, as Okta's Role Assignment API serves them:
 * `GET|POST /api/v1/groups/{groupId}/roles` and `GET|POST /api/v1/users/{userId}/roles`.
 * A user's list holds the roles assigned to the user and those of the groups the user is in
 * (`assignmentType` USER or GROUP). Only standard role types are served; custom roles
 * (`CUSTOM` with a role and resource set) are refused as unsupported by the emulator.
 */
import { Hono } from 'hono';
import { okJson, readJsonBody, requireScope, type OktaEnv } from './api-context.js';
import { fail } from './errors.js';
import { oktaId } from './okta-ids.js';
import type { OktaState, RoleAssignmentRecord } from './state.js';

const READ = ['okta.roles.read', 'okta.roles.manage'];
const MANAGE = ['okta.roles.manage'];

/** Okta's standard admin role types and their labels (Okta docs › Standard roles). */
export const STANDARD_ROLE_LABELS: Readonly<Record<string, string>> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organizational Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read-only Administrator',
  MOBILE_ADMIN: 'Mobile Administrator',
  API_ACCESS_MANAGEMENT_ADMIN: 'API Access Management Administrator',
  REPORT_ADMIN: 'Report Administrator',
  GROUP_MEMBERSHIP_ADMIN: 'Group Membership Administrator',
};

export function roleAssignmentJson(
  record: RoleAssignmentRecord,
  orgUrl: string,
): Record<string, unknown> {
  const assignee =
    record.assignmentType === 'GROUP'
      ? `${orgUrl}/api/v1/groups/${record.assigneeId}`
      : `${orgUrl}/api/v1/users/${record.assigneeId}`;
  return {
    id: record.id,
    label: STANDARD_ROLE_LABELS[record.type] ?? record.type,
    type: record.type,
    status: 'ACTIVE',
    created: record.created,
    lastUpdated: record.created,
    assignmentType: record.assignmentType,
    _links: { assignee: { href: assignee } },
  };
}

/** Assigns a standard role; idempotent like Okta, which answers the existing assignment. */
export function assignRole(
  state: OktaState,
  assignee: { type: 'USER' | 'GROUP'; id: string },
  roleType: string,
  at: string,
): RoleAssignmentRecord {
  if (!(roleType in STANDARD_ROLE_LABELS)) {
    throw fail.validation('type', [
      `type: '${roleType}' is not a standard role type the sandbox serves (custom roles are not emulated)`,
    ]);
  }
  const existing = state.roleAssignmentsOf(assignee.id).find((r) => r.type === roleType);
  if (existing) return existing;
  const record: RoleAssignmentRecord = {
    id: oktaId('ra1'),
    type: roleType,
    assignmentType: assignee.type,
    assigneeId: assignee.id,
    created: at,
  };
  state.addRoleAssignment(record);
  return record;
}

export function roleRoutes(deps: {
  state: () => OktaState;
  orgUrl: () => string;
  now: () => Date;
}) {
  const group = (id: string) => {
    if (!deps.state().groups.has(id)) throw fail.notFound(id, 'UserGroup');
    return id;
  };
  const user = (idOrLogin: string) => {
    const record = deps.state().findUser(idOrLogin);
    if (!record) throw fail.notFound(idOrLogin, 'User');
    return record.id;
  };
  const roleType = async (c: Parameters<typeof readJsonBody>[0]) => {
    const body = await readJsonBody(c);
    if (typeof body['type'] !== 'string' || body['type'] === '')
      throw fail.validation('type', ['type: The field cannot be left blank']);
    return body['type'];
  };

  return new Hono<OktaEnv>()
    .get('/groups/:groupId/roles', (c) => {
      requireScope(c, ...READ);
      const id = group(c.req.param('groupId'));
      return okJson(
        c,
        deps
          .state()
          .roleAssignmentsOf(id)
          .map((r) => roleAssignmentJson(r, deps.orgUrl())),
      );
    })
    .post('/groups/:groupId/roles', async (c) => {
      requireScope(c, ...MANAGE);
      const id = group(c.req.param('groupId'));
      const record = assignRole(
        deps.state(),
        { type: 'GROUP', id },
        await roleType(c),
        deps.now().toISOString(),
      );
      return okJson(c, roleAssignmentJson(record, deps.orgUrl()), 201);
    })
    .get('/users/:userId/roles', (c) => {
      requireScope(c, ...READ);
      const id = user(c.req.param('userId'));
      const state = deps.state();
      const viaGroups = state.groupIdsOfUser(id).flatMap((g) => state.roleAssignmentsOf(g));
      return okJson(
        c,
        [...state.roleAssignmentsOf(id), ...viaGroups].map((r) =>
          roleAssignmentJson(r, deps.orgUrl()),
        ),
      );
    })
    .post('/users/:userId/roles', async (c) => {
      requireScope(c, ...MANAGE);
      const id = user(c.req.param('userId'));
      const record = assignRole(
        deps.state(),
        { type: 'USER', id },
        await roleType(c),
        deps.now().toISOString(),
      );
      return okJson(c, roleAssignmentJson(record, deps.orgUrl()), 201);
    });
}
