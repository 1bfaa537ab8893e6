import { SalesforceApiError } from './errors.js';
import { normalizeId } from './ids.js';

/**
 * Lead assignment rules as the REST API applies them (`Sforce-Auto-Assign`): absent or `TRUE`
 * runs the org's active Lead rule on every created or updated Lead, `FALSE` runs none, and an
 * AssignmentRule id runs that rule, active or not, on created Leads only. A rule's entries are
 * tried in order; the first whose criterion the Lead meets names the new owner. When none
 * matches, Salesforce gives the Lead to the default lead owner of Lead Settings; this org has
 * none, so the Lead keeps its owner.
 */

export interface AssignmentRuleEntry {
  /** Lead field the criterion reads. */
  readonly field: string;
  /** `equals` compares with `value` (case-insensitive); `notBlank` wants any value. */
  readonly operator: 'equals' | 'notBlank';
  readonly value?: string;
  /** The User or queue (Group) id the Lead goes to. */
  readonly assigneeId: string;
}

export interface AssignmentRuleSeed {
  readonly Id: string;
  readonly Name: string;
  readonly SobjectType: 'Lead' | 'Case';
  readonly Active: boolean;
  readonly entries: readonly AssignmentRuleEntry[];
}

/** Which rule a write runs: none, the active one, or a named one (creates only). */
export type AssignmentChoice =
  { kind: 'none' } | { kind: 'active' } | { kind: 'rule'; ruleId: string };

/** Reads `Sforce-Auto-Assign`; a value that is neither TRUE, FALSE nor an id is refused. */
export function assignmentChoice(header: string | undefined): AssignmentChoice {
  if (header === undefined || header.trim() === '') return { kind: 'active' };
  const value = header.trim();
  if (value.toUpperCase() === 'TRUE') return { kind: 'active' };
  if (value.toUpperCase() === 'FALSE') return { kind: 'none' };
  const id = normalizeId(value);
  if (!id) {
    throw SalesforceApiError.of(
      400,
      'MALFORMED_ID',
      `Sforce-Auto-Assign: invalid assignment rule id: ${value}`,
    );
  }
  return { kind: 'rule', ruleId: id };
}

function meets(entry: AssignmentRuleEntry, row: Readonly<Record<string, unknown>>): boolean {
  const value = row[entry.field];
  const text = value === null || value === undefined ? '' : String(value);
  if (entry.operator === 'notBlank') return text.trim() !== '';
  return text.trim().toLowerCase() === (entry.value ?? '').trim().toLowerCase();
}

/** The owner the rule gives this Lead, or undefined when no entry matches. */
export function assignedOwner(
  rule: AssignmentRuleSeed,
  row: Readonly<Record<string, unknown>>,
): string | undefined {
  return rule.entries.find((entry) => meets(entry, row))?.assigneeId;
}

/** The rule a write of `objectName` runs under `choice`, if any. */
export function ruleFor(
  rules: readonly AssignmentRuleSeed[],
  objectName: string,
  choice: AssignmentChoice,
  created: boolean,
): AssignmentRuleSeed | undefined {
  switch (choice.kind) {
    case 'none':
      return undefined;
    case 'active':
      return rules.find((r) => r.SobjectType === objectName && r.Active);
    case 'rule': {
      const rule = rules.find((r) => normalizeId(r.Id) === choice.ruleId);
      if (!rule) {
        throw SalesforceApiError.of(
          400,
          'INVALID_CROSS_REFERENCE_KEY',
          `Sforce-Auto-Assign: no assignment rule with id ${choice.ruleId}`,
        );
      }
      return created && rule.SobjectType === objectName ? rule : undefined;
    }
  }
}
