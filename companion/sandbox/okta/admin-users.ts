/**
 * The owners of API tokens are ordinary Okta users: an admin is a user with an admin role
 * ("API token management": a token acts with the permissions of the admin who created it), so
 * `GET /api/v1/users/{id}` answers them and lists include them.
 */
import { oktaId } from './okta-ids.js';
import type { AdminUser } from './principals.js';
import type { UserProfile } from './profile-schema.js';
import type { OktaState } from './state.js';

/** Adds each admin that is not yet a user: ACTIVE, an Employee, holding SUPER_ADMIN. */
export function addAdminUsers(state: OktaState, admins: readonly AdminUser[]): OktaState {
  const stamp = new Date(0).toISOString();
  for (const admin of admins) {
    if (state.users.has(admin.id) || state.userIdByLogin(admin.login) !== undefined) continue;
    const [firstName = admin.displayName, ...rest] = admin.displayName.split(' ');
    state.addUser({
      id: admin.id,
      status: 'ACTIVE',
      created: stamp,
      activated: stamp,
      statusChanged: stamp,
      lastLogin: null,
      lastUpdated: stamp,
      passwordChanged: stamp,
      profile: {
        login: admin.login,
        email: admin.login,
        firstName,
        lastName: rest.join(' ') || firstName,
        userType: 'Employee',
      } as UserProfile,
      factors: [],
      hasPassword: true,
    });
    state.addRoleAssignment({
      id: oktaId('ra1'),
      type: 'SUPER_ADMIN',
      assignmentType: 'USER',
      assigneeId: admin.id,
      created: stamp,
    });
  }
  return state;
}
