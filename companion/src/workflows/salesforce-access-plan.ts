import { diffEntitlements, type Entitlements } from '../mapping/access-rules.js';
import { soqlFieldName, soqlQuote } from '../mapping/soql-quote.js';
import type { AccessRule, RuleCondition } from '../mapping/types.js';

/**
 * Workflow 4b, the decisions: which fields of which objects the rules read, how a rule's
 * condition reads as SOQL, and what to change in Okta for one user.
 */

/** Per object the rules read: the fields to select from the records a user owns. */
export function ownedRecordFields(rules: readonly AccessRule[]): Map<string, string[]> {
  const fields = new Map<string, Set<string>>();
  for (const rule of rules) {
    if (rule.type === 'GROUP_TO_ACCOUNT_TEAM') continue;
    const { objectName, field } = rule.condition;
    const set = fields.get(objectName) ?? new Set(['Id', 'OwnerId']);
    set.add(soqlFieldName(field));
    fields.set(objectName, set);
  }
  return new Map([...fields].map(([object, set]) => [soqlFieldName(object), [...set]]));
}

/** The SOQL filter equivalent to `conditionHolds` (text compares case-insensitively in SOQL too). */
export function conditionSoql(condition: RuleCondition): string {
  const field = soqlFieldName(condition.field);
  const value = condition.value?.trim() ?? '';
  switch (condition.operator) {
    case 'EQUALS':
      return `${field} = ${soqlQuote(value)}`;
    case 'NOT_EQUALS':
      return value === ''
        ? `${field} != null`
        : `(${field} != ${soqlQuote(value)} OR ${field} = null)`;
    case 'IN':
      return `${field} IN (${value
        .split(',')
        .map((v) => soqlQuote(v.trim()))
        .join(', ')})`;
    case 'NOT_NULL':
      return `${field} != null`;
  }
}

export interface AccessUpdatePlan {
  addGroups: string[];
  removeGroups: string[];
  /** Groups the rules no longer grant but an active temporary grant holds. */
  keptForGrants: string[];
  profile: Record<string, unknown>;
}

export function planAccessUpdate(input: {
  desired: Entitlements;
  managed: ReadonlySet<string>;
  currentGroups: Iterable<string>;
  currentProfile: Readonly<Record<string, unknown>>;
  /** Groups active temporary grants give this user. */
  heldByGrants: ReadonlySet<string>;
}): AccessUpdatePlan {
  const diff = diffEntitlements({
    currentGroups: input.currentGroups,
    currentAttributes: input.currentProfile,
    desired: input.desired,
    managed: input.managed,
  });
  return {
    addGroups: diff.addGroups,
    removeGroups: diff.removeGroups.filter((g) => !input.heldByGrants.has(g)),
    keptForGrants: diff.removeGroups.filter((g) => input.heldByGrants.has(g)),
    profile: diff.profile,
  };
}
