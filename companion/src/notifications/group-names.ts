import type { Logger } from '../logger.js';
import type { OktaGateway } from '../okta/okta-gateway.js';

/**
 * Names of the Okta groups notifications mention, read through the Okta gateway and kept an
 * hour. A group Okta no longer has is named by its id (and remembered so); a group Okta could
 * not be asked about is named by its id this once, so a message is never held up by Okta.
 */
export interface GroupNames {
  /** The name of each group, by id; the id itself for a group that is gone or unreadable. */
  namesOf(groupIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

const KEEP_MS = 60 * 60_000;

export function createGroupNames(deps: {
  getGroup: OktaGateway['getGroup'];
  logger: Logger;
  now: () => Date;
  keepMs?: number;
}): GroupNames {
  const keepMs = deps.keepMs ?? KEEP_MS;
  const known = new Map<string, { name: string; readAt: number }>();

  async function nameOf(groupId: string, at: number): Promise<string> {
    const cached = known.get(groupId);
    if (cached && at - cached.readAt < keepMs) return cached.name;
    try {
      const group = await deps.getGroup(groupId);
      const name = group?.name ?? groupId;
      known.set(groupId, { name, readAt: at });
      return name;
    } catch (error) {
      deps.logger.warn(
        { groupId, err: error },
        'an Okta group name could not be read; the notification names its id',
      );
      return cached?.name ?? groupId;
    }
  }

  return {
    async namesOf(groupIds) {
      const at = deps.now().getTime();
      const ids = [...new Set(groupIds)];
      const names = await Promise.all(ids.map((id) => nameOf(id, at)));
      return new Map(ids.map((id, i) => [id, names[i] ?? id]));
    },
  };
}
