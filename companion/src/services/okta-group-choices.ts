import type { OktaGateway } from '../okta/okta-gateway.js';
import { rethrowOktaError } from '../okta/okta-failures.js';

export interface OktaGroupChoice {
  id: string;
  name: string;
  description: string | null;
}

/**
 * Okta groups whose name starts with `q` (Okta's own group search), sorted by name, for the
 * access rule builder's group picker — people choose groups by name, never by id.
 */
export async function oktaGroupChoices(
  okta: Pick<OktaGateway, 'searchGroups'>,
  q: string,
  limit: number,
): Promise<OktaGroupChoice[]> {
  const groups: OktaGroupChoice[] = [];
  try {
    for await (const group of okta.searchGroups(q, limit)) {
      // The built-in Everyone group holds every user and its members cannot be edited: never
      // a choice for an access rule.
      if (group.type === 'BUILT_IN') continue;
      groups.push({ id: group.id, name: group.name, description: group.description });
      if (groups.length >= limit) break;
    }
  } catch (error) {
    rethrowOktaError(error);
  }
  return groups.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}
