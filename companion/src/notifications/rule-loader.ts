import { describeIssues } from '../mapping/config-rows.js';
import type { DescribeLookup } from '../mapping/mapping-validation.js';
import type { ConfigProblem, ObjectDescribe } from '../mapping/types.js';
import {
  NOTIFICATION_RULE_SOQL,
  NOTIFICATION_RULE_TYPE,
  notificationRuleRow,
} from './rule-rows.js';
import type { NotificationRule } from './rule-types.js';
import { validateNotificationRule } from './rule-validation.js';

/**
 * Reads the active notification rules. A failed query rejects (the configuration load keeps
 * its last good state); an invalid rule is reported as a problem and left out.
 */
export async function loadNotificationRules(deps: {
  query: (soql: string) => Promise<Record<string, unknown>[]>;
  describe: (objectName: string) => Promise<ObjectDescribe>;
}): Promise<{ rules: NotificationRule[]; problems: ConfigProblem[] }> {
  const rows = await deps.query(NOTIFICATION_RULE_SOQL);
  const problems: ConfigProblem[] = [];
  if (rows.length === 0) return { rules: [], problems };
  let contact: { describe: ObjectDescribe } | { error: string } | undefined;
  const describeOf: DescribeLookup = (objectName) => {
    if (objectName !== 'Contact') return { error: `${objectName} is not described` };
    if (!contact) throw new Error('the Contact describe is read before validation');
    return contact;
  };
  try {
    contact = { describe: await deps.describe('Contact') };
  } catch (error) {
    contact = {
      error: `Contact could not be described: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const rules: NotificationRule[] = [];
  rows.forEach((raw, index) => {
    const name =
      typeof raw['DeveloperName'] === 'string' ? raw['DeveloperName'] : `(row ${index + 1})`;
    const source = `${NOTIFICATION_RULE_TYPE}.${name}`;
    const parsed = notificationRuleRow.safeParse(raw);
    if (!parsed.success) {
      problems.push({ source, message: describeIssues(parsed.error).join('; ') });
      return;
    }
    if (!parsed.data.Active__c) return;
    const checked = validateNotificationRule(parsed.data, describeOf);
    if (checked.ok) rules.push(checked.rule);
    else problems.push({ source, message: checked.problems.join('; ') });
  });
  rules.sort((a, b) => a.name.localeCompare(b.name));
  return { rules, problems };
}
