import type { OktaUserSnapshot } from '../mapping/types.js';
import type { OktaGateway } from './okta-gateway.js';

/**
 * Who holds an Okta profile attribute. Okta's `filter` cannot name a custom attribute, so this
 * is the one read that needs `search` (`profile.<name> pr`), and `search` is eventually
 * consistent: a user written moments ago is missing from it, or shown as before the write. The
 * companion remembers which attributes it wrote to whom for a while, and reads those users by id
 * (which sees every write at once) whenever search does not list them yet.
 */

export interface RecentProfileWrites {
  /** Notes attributes about to be written to a user. */
  note(userId: string, attributes: readonly string[]): void;
  /** Users the companion wrote `attribute` to within the window. */
  usersWith(attribute: string): string[];
}

/**
 * Okta does not publish how far `search` lags; a minute is far beyond what is observed (seconds).
 * Kept in memory: a restart loses it, and so does another instance's write.
 */
export const DEFAULT_RECENT_WRITE_WINDOW_MS = 60_000;

export function createRecentProfileWrites(
  options: { windowMs?: number; now?: () => number } = {},
): RecentProfileWrites {
  const windowMs = options.windowMs ?? DEFAULT_RECENT_WRITE_WINDOW_MS;
  const now = options.now ?? Date.now;
  /** attribute → user id → when it was last written. */
  const written = new Map<string, Map<string, number>>();
  const forgetOld = (at: number) => {
    for (const [attribute, users] of written) {
      for (const [userId, when] of users) if (at - when >= windowMs) users.delete(userId);
      if (users.size === 0) written.delete(attribute);
    }
  };
  return {
    note(userId, attributes) {
      const at = now();
      forgetOld(at);
      for (const attribute of attributes) {
        const users = written.get(attribute) ?? new Map<string, number>();
        users.set(userId, at);
        written.set(attribute, users);
      }
    },
    usersWith(attribute) {
      forgetOld(now());
      return [...(written.get(attribute)?.keys() ?? [])];
    },
  };
}

/** The gateway, noting every profile write it sends in `recent`. */
export function withRecentProfileWrites<
  G extends { updateProfile(userId: string, profile: Record<string, unknown>): Promise<unknown> },
>(gateway: G, recent: RecentProfileWrites): G {
  return {
    ...gateway,
    updateProfile(userId: string, profile: Record<string, unknown>) {
      recent.note(userId, Object.keys(profile));
      return gateway.updateProfile(userId, profile);
    },
  } as G;
}

const holds = (user: OktaUserSnapshot, attribute: string) => {
  const value = user.profile[attribute];
  return value !== null && value !== undefined && value !== '';
};

/**
 * Users whose profile has `attribute` set: search's answer, plus the users the companion wrote
 * the attribute to recently that search does not list yet, read by id. Users search lists are
 * kept even when it shows them as before a write that cleared the attribute: whoever acts on the
 * list reads the user again.
 */
export async function attributeHolders(
  okta: Pick<OktaGateway, 'searchUsers' | 'readUsers'>,
  recent: RecentProfileWrites | undefined,
  attribute: string,
): Promise<OktaUserSnapshot[]> {
  const found = await okta.searchUsers(`profile.${attribute} pr`);
  const listed = new Set(found.map((u) => u.id));
  const missing = (recent?.usersWith(attribute) ?? []).filter((id) => !listed.has(id));
  if (missing.length === 0) return found;
  const read = await okta.readUsers(missing);
  const caughtUp = [...read.values()].filter(
    (u): u is OktaUserSnapshot => u !== null && holds(u, attribute),
  );
  return [...found, ...caughtUp];
}
