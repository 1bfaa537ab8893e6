import { mapSalesforceChangeToOkta } from '../mapping/apply.js';
import { recordFieldValue } from '../mapping/record-field.js';
import {
  resolveConflicts,
  type ConflictCandidate,
  type ConflictResolution,
} from '../mapping/conflicts.js';
import { parseInstant } from '../mapping/date-parse.js';
import { sameValue } from '../mapping/field-diff.js';
import { writesOkta } from '../mapping/mapping-validation.js';
import {
  movedOf,
  salesforceValueStands,
  twoWayFields,
  type SideMoved,
} from '../mapping/sync-baseline.js';
import { writableProfileName } from '../mapping/okta-attribute.js';
import type {
  FieldMapping,
  MappingError,
  ObjectDescribe,
  OktaUserSnapshot,
} from '../mapping/types.js';

/**
 * Workflow 4a, the decision: which Okta profile attributes a Contact change updates. Values
 * come from the Contact as it is now (not from the event, which may be older); each BOTH field
 * goes through the conflict rule, where Okta "changed" when the user's lastUpdated is after the
 * Contact's last sync, and Salesforce changed at the event's commit.
 */

export type ContactToOktaPlan =
  | { kind: 'skip'; reason: string }
  | {
      kind: 'update' | 'unchanged';
      profile: Record<string, unknown>;
      changes: { attribute: string; before: unknown; after: unknown }[];
      resolutions: ConflictResolution[];
      errors: MappingError[];
      /**
       * When the Okta user changed after the Contact's last sync: the BOTH attributes outside this
       * change whose Okta value the Contact does not hold, an Okta change on its way to
       * Salesforce. The Contact is not stamped as synced then, or that change would look older
       * than the sync and be held back.
       */
      oktaAhead: string[];
      /** The attributes both orgs hold once `profile` is applied, by Okta attribute. */
      agreed: Record<string, unknown>;
    };

const DEPROVISIONED = new Set(['DEPROVISIONED', 'DELETED']);

export function planContactToOkta(input: {
  contact: Readonly<Record<string, unknown>>;
  /** Contact fields that changed. */
  fields: readonly string[];
  user: OktaUserSnapshot | null;
  mappings: readonly FieldMapping[];
  describes?: Readonly<Record<string, ObjectDescribe>>;
  /** Epoch ms of the latest Salesforce commit among the changes. */
  salesforceChangedAt: number;
  /** The values both orgs agreed on at the last sync, by Okta attribute. */
  agreed?: Readonly<Record<string, unknown>> | undefined;
}): ContactToOktaPlan {
  const oktaUserId = input.contact['Okta_User_Id__c'];
  if (typeof oktaUserId !== 'string' || oktaUserId === '') {
    return { kind: 'skip', reason: 'the Contact is not linked to an Okta user' };
  }
  if (!input.user) return { kind: 'skip', reason: `Okta user ${oktaUserId} does not exist` };
  if (DEPROVISIONED.has(input.user.status)) {
    return { kind: 'skip', reason: `Okta user ${oktaUserId} is ${input.user.status}` };
  }
  const wanted = new Set(input.fields.map((f) => f.toLowerCase()));
  const mappings = input.mappings.filter(
    (m) => m.objectName === 'Contact' && writesOkta(m) && wanted.has(m.field.toLowerCase()),
  );
  const changedFields: Record<string, unknown> = {};
  for (const m of mappings) changedFields[m.field] = recordFieldValue(input.contact, m.field);
  const mapped = mapSalesforceChangeToOkta({
    objectName: 'Contact',
    changedFields,
    mappings,
    ...(input.describes ? { describes: input.describes } : {}),
  });

  const user = input.user;
  const candidates: ConflictCandidate[] = mappings.flatMap((m) => {
    const attribute = writableProfileName(m.oktaAttribute);
    if (attribute === undefined || !(attribute in mapped.profile)) return [];
    return [
      {
        mapping: m.name,
        // Commit timestamps have whole-second precision: a commit in the second of the last sync counts as after it.
        salesforce: {
          value: mapped.profile[attribute],
          changedAt: input.salesforceChangedAt + 999,
        },
        okta: { value: user.profile[attribute] ?? null, changedAt: user.lastUpdated },
      },
    ];
  });
  const lastSynced = input.contact['Okta_Last_Synced_At__c'];
  // A BOTH field with a recorded agreement is told by its values; the others by the clock.
  const moved = new Map<string, SideMoved>();
  for (const field of twoWayFields({ ...input, user })) {
    const verdict = movedOf(field);
    if (verdict !== undefined && verdict !== 'in-step' && field.agreed !== undefined)
      moved.set(field.mapping.name, verdict);
  }
  const resolutions = [
    ...resolveConflicts({
      candidates: candidates.filter((c) => !moved.has(c.mapping)),
      mappings,
      lastSyncedAt: typeof lastSynced === 'string' && lastSynced !== '' ? lastSynced : null,
    }),
    ...candidates.flatMap((c) => {
      const verdict = moved.get(c.mapping);
      const mapping = mappings.find((m) => m.name === c.mapping);
      return verdict && mapping ? [resolutionByValues(c, mapping, verdict)] : [];
    }),
  ];

  const profile: Record<string, unknown> = {};
  const changes: { attribute: string; before: unknown; after: unknown }[] = [];
  for (const r of resolutions) {
    const attribute = writableProfileName(r.oktaAttribute);
    if (attribute === undefined || r.winner !== 'SALESFORCE') continue;
    const before = user.profile[attribute] ?? null;
    if (sameValue(before, r.value)) continue;
    profile[attribute] = r.value;
    changes.push({ attribute, before, after: r.value });
  }
  const agreed: Record<string, unknown> = {};
  for (const field of twoWayFields({ ...input, user })) {
    if (!wanted.has(field.mapping.field.toLowerCase())) continue;
    if (Object.hasOwn(profile, field.attribute)) agreed[field.attribute] = profile[field.attribute];
    else if (movedOf(field) === 'in-step') agreed[field.attribute] = field.okta ?? null;
  }
  return {
    kind: changes.length > 0 ? 'update' : 'unchanged',
    profile,
    changes,
    resolutions,
    agreed,
    errors: mapped.errors,
    oktaAhead: oktaChangedSince(user, lastSynced) ? attributesAhead(input, user, wanted) : [],
  };
}

function resolutionByValues(
  candidate: ConflictCandidate,
  mapping: FieldMapping,
  moved: SideMoved,
): ConflictResolution {
  const salesforceStands = salesforceValueStands(moved, mapping);
  return {
    mapping: mapping.name,
    field: `${mapping.objectName}.${mapping.field}`,
    oktaAttribute: mapping.oktaAttribute,
    winner: salesforceStands ? 'SALESFORCE' : 'OKTA',
    value: salesforceStands ? candidate.salesforce?.value : candidate.okta?.value,
    conflict: moved === 'both',
    reason:
      moved === 'both'
        ? `both sides changed since the last sync; ${mapping.sourceOfTruth} is the source of truth`
        : moved === 'okta'
          ? 'only Okta changed'
          : 'only Salesforce changed',
  };
}

/** Whether the Okta user changed after the Contact's last sync (or the Contact was never synced). */
function oktaChangedSince(user: OktaUserSnapshot, lastSynced: unknown): boolean {
  if (typeof lastSynced !== 'string' || lastSynced === '') return true;
  const synced = parseInstant(lastSynced);
  const changed = user.lastUpdated === null ? undefined : parseInstant(user.lastUpdated);
  if (!synced.ok || !changed?.ok) return true;
  return changed.value.getTime() > synced.value.getTime();
}

/** BOTH attributes not in `changed` on which the Contact (as Okta would hold it) and Okta differ. */
function attributesAhead(
  input: {
    contact: Readonly<Record<string, unknown>>;
    mappings: readonly FieldMapping[];
    describes?: Readonly<Record<string, ObjectDescribe>>;
  },
  user: OktaUserSnapshot,
  changed: ReadonlySet<string>,
): string[] {
  const others = input.mappings.filter(
    (m) =>
      m.objectName === 'Contact' && m.direction === 'BOTH' && !changed.has(m.field.toLowerCase()),
  );
  if (others.length === 0) return [];
  const values: Record<string, unknown> = {};
  for (const m of others) values[m.field] = recordFieldValue(input.contact, m.field);
  const asOkta = mapSalesforceChangeToOkta({
    objectName: 'Contact',
    changedFields: values,
    mappings: others,
    ...(input.describes ? { describes: input.describes } : {}),
  });
  return others.flatMap((m) => {
    const attribute = writableProfileName(m.oktaAttribute);
    if (attribute === undefined) return [];
    // A value that does not map cannot be compared: count it as not in step.
    if (!(attribute in asOkta.profile)) return [attribute];
    return sameValue(asOkta.profile[attribute], user.profile[attribute] ?? null) ? [] : [attribute];
  });
}
