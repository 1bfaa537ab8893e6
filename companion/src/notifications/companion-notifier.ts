import type { Connection } from 'jsforce';
import type { Logger } from '../logger.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import type { QueryFn } from '../salesforce/salesforce-reads.js';
import type { Secret } from '../secret.js';
import type { Store } from '../store/types.js';
import { salesforceAuditLinks } from './audit-links.js';
import { createChannelSenders } from './channels.js';
import { loadEventContexts } from './event-context.js';
import { createGroupNames } from './group-names.js';
import { loadSideEffects } from './side-effects.js';
import { createNotifier, type Notifier } from './notifier.js';
import type { NotificationRule } from './rule-types.js';

/** The notifier as the companion runs it: against the org's REST API and the store. */
export function createCompanionNotifier(deps: {
  store: Store;
  salesforce: Connection;
  query: QueryFn;
  okta: Pick<OktaGateway, 'getGroup'>;
  webhookUrl: Secret | undefined;
  rules: () => readonly NotificationRule[];
  logger: Logger;
  now: () => Date;
}): Notifier {
  const { salesforce } = deps;
  // Lead's fields are read once; a failed describe is tried again at the next read.
  let leadFields: Promise<ReadonlySet<string>> | undefined;
  const leadFieldNames = () => {
    leadFields ??= salesforce.describe('Lead').then(
      (d) => new Set(d.fields.map((f) => f.name)),
      (error: unknown) => {
        leadFields = undefined;
        throw error;
      },
    );
    return leadFields;
  };
  const groupNames = createGroupNames({
    getGroup: (groupId) => deps.okta.getGroup(groupId),
    logger: deps.logger,
    now: deps.now,
  });
  return createNotifier({
    store: deps.store.notifications,
    journal: deps.store.audit,
    rules: deps.rules,
    loadContexts: async (events, rules) => {
      const groupIds = events.flatMap((e) => [
        ...e.groupsAdded,
        ...e.groupsRemoved,
        ...(e.groupId ? [e.groupId] : []),
      ]);
      const [contexts, names, effects] = await Promise.all([
        loadEventContexts(deps.query, events, rules, leadFieldNames),
        groupNames.namesOf(groupIds),
        loadSideEffects(deps.store.audit, events),
      ]);
      for (const [entryId, context] of contexts) {
        context.groupNames = names;
        const line = effects.get(entryId);
        if (line) context.sideEffects = line;
      }
      return contexts;
    },
    send: createChannelSenders({
      query: deps.query,
      invokeAction: (action, inputs) =>
        salesforce.requestPost(`/services/data/v${salesforce.version}/actions/standard/${action}`, {
          inputs,
        }),
      webhookUrl: deps.webhookUrl,
    }),
    links: salesforceAuditLinks(() => salesforce.instanceUrl),
    logger: deps.logger,
    now: deps.now,
  });
}
