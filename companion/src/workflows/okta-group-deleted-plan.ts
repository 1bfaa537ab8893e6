import type { Alert } from '../audit/alerts.js';
import type { AccessRule, ConfigProblem } from '../mapping/types.js';

/**
 * What a group deleted in Okta (`group.lifecycle.delete`) means for the sync. Pure: the access
 * rules that named the group, whether still active or already suspended by a configuration load
 * that noticed the deletion first.
 */

export interface DeletedGroupRule {
  /** DeveloperName of the Okta_Access_Rule__mdt record. */
  name: string;
  /** Its label; the name when only a configuration problem still names the rule. */
  label: string;
  type: 'CONDITION_TO_GROUP' | 'GROUP_TO_ACCOUNT_TEAM' | null;
}

export interface GroupDeletion {
  groupId: string;
  /** The name the event's target carried, else the name a rule recorded, else the id. */
  groupLabel: string;
  rules: DeletedGroupRule[];
}

const RULE_SOURCE = 'Okta_Access_Rule__mdt.';

export function planGroupDeletion(input: {
  groupId: string;
  groupName: string | null;
  rules: readonly AccessRule[];
  problems: readonly ConfigProblem[];
}): GroupDeletion {
  const rules = new Map<string, DeletedGroupRule>();
  let recordedName: string | null = null;
  for (const rule of input.rules) {
    if (rule.type === 'CONDITION_TO_ATTRIBUTE' || rule.groupId !== input.groupId) continue;
    rules.set(rule.name, { name: rule.name, label: rule.label, type: rule.type });
    recordedName ??= rule.groupName;
  }
  for (const problem of input.problems) {
    if (problem.groupId !== input.groupId || !problem.source.startsWith(RULE_SOURCE)) continue;
    const name = problem.source.slice(RULE_SOURCE.length);
    if (!rules.has(name)) rules.set(name, { name, label: name, type: null });
  }
  return {
    groupId: input.groupId,
    groupLabel: input.groupName || recordedName || input.groupId,
    rules: [...rules.values()].sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The journal's account of what the companion did about the deletion. */
export function groupDeletionSummary(deletion: GroupDeletion, grantsEnded: number): string {
  const parts: string[] = [];
  if (deletion.rules.length === 0) {
    parts.push(`No access rule names Okta group ${deletion.groupLabel}.`);
  } else {
    parts.push(
      `Suspended ${ruleList(deletion.rules)}: no membership is written for ${deletion.rules.length === 1 ? 'it' : 'them'} until the rule is edited. Account Teams are left as they are.`,
    );
  }
  if (grantsEnded > 0)
    parts.push(`Ended ${grantsEnded} active temporary grant${grantsEnded === 1 ? '' : 's'}.`);
  return parts.join(' ');
}

export function ruleList(rules: readonly DeletedGroupRule[]): string {
  const names = rules.map((r) => (r.label === r.name ? r.name : `${r.label} (${r.name})`));
  return `the access rule${names.length === 1 ? '' : 's'} ${names.join(', ')}`;
}

/**
 * An Okta group that access rules or grants named was deleted in Okta; undefined when nothing
 * the product does depended on it.
 */
export function groupDeletedAlert(deletion: GroupDeletion, grantsEnded: number): Alert | undefined {
  if (deletion.rules.length === 0 && grantsEnded === 0) return undefined;
  const sentences = [
    `Okta group ${deletion.groupLabel} (${deletion.groupId}) was deleted in Okta.`,
  ];
  if (deletion.rules.length > 0) {
    sentences.push(
      `${capitalised(ruleList(deletion.rules))} ${deletion.rules.length === 1 ? 'names' : 'name'} it and ${deletion.rules.length === 1 ? 'is' : 'are'} suspended: the companion writes no membership for ${deletion.rules.length === 1 ? 'it' : 'them'}.`,
      'Nobody was removed from an Account Team because the group vanished: if the deletion was a mistake, restore the group and point the rule at it; otherwise edit the rule on the Okta Sync Setup page (another group, or deactivate it) and remove the team members it gave, if they should go.',
    );
  }
  if (grantsEnded > 0) {
    sentences.push(
      `${grantsEnded} active temporary grant${grantsEnded === 1 ? ' of the group was' : 's of the group were'} ended (revoked: the Okta group was deleted).`,
    );
  }
  return {
    kind: 'config-problem',
    key: `group-deleted:${deletion.groupId}`,
    title: `Okta group ${deletion.groupLabel} was deleted`,
    body: sentences.join(' '),
  };
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
