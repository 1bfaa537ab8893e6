import { afterEach, describe, expect, it } from 'vitest';
import { createWorldRole, type WorldApi } from './world-role.js';

let world: WorldApi | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

// The load generator of the hook burst delivers the events `publishProfileUpdates` returns.
describe('benchmark world: profile updates published for event hook delivery', () => {
  it('returns each update’s event while the System Log has not persisted it yet', async () => {
    world = createWorldRole();
    await world.start({
      customers: 40,
      profile: 'realistic',
      // Longer than the test: polling sees none of the events, the hooks must.
      profileOverrides: { okta: { logPersistenceLag: { minMs: 60_000, maxMs: 60_000 } } },
    });
    const users = await world.linkedCustomers(3);
    expect(users).toHaveLength(3);

    const { events, published } = await world.publishProfileUpdates(
      users.map((userId, i) => ({ userId, version: i + 1 })),
    );

    expect(published.map((p) => p.userId)).toEqual(users);
    expect(events.map((e) => [e.eventType, e.target?.[0]?.id])).toEqual(
      users.map((id) => ['user.account.update_profile', id]),
    );
  });
});
