import type { OktaClient } from './client.js';

/** Single Okta lookups by name: a user by login, a group by its exact name. */

function isNotFound(error: unknown): boolean {
  const e = error as { status?: number; errorCode?: string } | null;
  return e?.status === 404 || e?.errorCode === 'E0000007';
}

export async function findUserIdByLogin(
  okta: OktaClient,
  login: string,
): Promise<string | undefined> {
  try {
    const user = await okta.userApi.getUser({ userId: login });
    return user.id ?? undefined;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

export async function findGroupIdByName(
  okta: OktaClient,
  name: string,
): Promise<string | undefined> {
  // `q` matches names by prefix; only an exact name counts.
  for await (const group of await okta.groupApi.listGroups({ q: name, limit: 200 })) {
    if (group?.profile?.name === name && group.id) return group.id;
  }
  return undefined;
}
