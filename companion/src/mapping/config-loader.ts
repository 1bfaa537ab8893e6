import type { IdentityWritePolicy } from './identity-attributes.js';
import {
  ACCESS_RULE_SOQL,
  ACCESS_RULE_TYPE,
  accessRuleRow,
  describeIssues,
  FIELD_MAPPING_SOQL,
  FIELD_MAPPING_TYPE,
  fieldMappingRow,
  SYNC_SETTING_SOQL,
} from './config-rows.js';
import { validateMapping, writesOkta, writesSalesforce } from './mapping-validation.js';
import type { DescribeLookup } from './mapping-validation.js';
import { conditionObjectOf, validateAccessRule } from './rule-validation.js';
import { parseSyncSettings } from './settings.js';
import {
  checkLeadClosedStatus,
  checkLeadMappings,
  LEAD_STATUS_SOQL,
  type LeadStatusRow,
} from './lead-settings.js';
import type {
  AccessRule,
  ConfigProblem,
  FieldMapping,
  ObjectDescribe,
  SyncConfig,
} from './types.js';
import { MAPPED_OBJECTS } from './types.js';

export interface ConfigLoaderDeps {
  query: (soql: string) => Promise<Record<string, unknown>[]>;
  describe: (objectName: string) => Promise<ObjectDescribe>;
  /** Identity attributes the operator allows Salesforce to write (none by default). */
  identityWrites?: IdentityWritePolicy;
}

/**
 * Reads mappings, access rules and settings from Custom Metadata and validates them against the
 * org's describes. A query that fails rejects (the caller retries); a record that is invalid is
 * reported in `problems` and left out, so one bad row never stops the sync.
 */
export async function loadSyncConfig(deps: ConfigLoaderDeps): Promise<SyncConfig> {
  const [mappingRows, ruleRows, settingRows] = await Promise.all([
    deps.query(FIELD_MAPPING_SOQL),
    deps.query(ACCESS_RULE_SOQL),
    deps.query(SYNC_SETTING_SOQL),
  ]);
  const problems: ConfigProblem[] = [];

  const mappingInputs = parseRows(
    mappingRows,
    FIELD_MAPPING_TYPE,
    (r) => fieldMappingRow.safeParse(r),
    problems,
  );
  const ruleInputs = parseRows(
    ruleRows,
    ACCESS_RULE_TYPE,
    (r) => accessRuleRow.safeParse(r),
    problems,
  );

  const objectNames = new Set<string>();
  for (const row of mappingInputs) {
    const known = MAPPED_OBJECTS.find(
      (o) => o.toLowerCase() === row.Salesforce_Object__c?.toLowerCase(),
    );
    if (known) objectNames.add(known);
  }
  for (const row of ruleInputs) {
    const objectName = conditionObjectOf(row);
    if (objectName) objectNames.add(objectName);
  }
  const { describes, describeOf } = await describeAll(deps.describe, [...objectNames]);

  const mappings = dropDuplicateMappings(
    collectValid(mappingInputs, FIELD_MAPPING_TYPE, problems, (row) => {
      const r = validateMapping(row, describeOf, deps.identityWrites);
      return r.ok ? { ok: true, value: r.mapping } : r;
    }),
    problems,
  );
  const accessRules = dropDuplicateTeamRules(
    collectValid(ruleInputs, ACCESS_RULE_TYPE, problems, (row) => {
      const r = validateAccessRule(row, describeOf, deps.identityWrites);
      return r.ok ? { ok: true, value: r.rule } : r;
    }),
    problems,
  );
  const parsed = parseSyncSettings(settingRows);
  problems.push(...parsed.problems);
  let settings = parsed.settings;
  if (settings.oktaLeadFilter !== null) {
    const statuses = await deps.query(LEAD_STATUS_SOQL);
    const lead = checkLeadMappings(settings, mappings);
    const status = checkLeadClosedStatus(lead.settings, statuses as unknown as LeadStatusRow[]);
    problems.push(...lead.problems, ...status.problems);
    settings = status.settings;
  }

  return { mappings, accessRules, settings, problems, describes };
}

type Parsed<T> =
  { success: true; data: T } | { success: false; error: Parameters<typeof describeIssues>[0] };

function parseRows<T extends { DeveloperName: string; Active__c: boolean }>(
  rows: readonly Record<string, unknown>[],
  typeName: string,
  parse: (row: unknown) => Parsed<T>,
  problems: ConfigProblem[],
): T[] {
  const out: T[] = [];
  rows.forEach((row, index) => {
    const parsed = parse(row);
    if (!parsed.success) {
      const name =
        typeof row['DeveloperName'] === 'string' ? row['DeveloperName'] : `(row ${index + 1})`;
      problems.push({
        source: `${typeName}.${name}`,
        message: describeIssues(parsed.error).join('; '),
      });
      return;
    }
    if (parsed.data.Active__c) out.push(parsed.data);
  });
  return out.sort((a, b) => a.DeveloperName.localeCompare(b.DeveloperName));
}

function collectValid<Row extends { DeveloperName: string }, T>(
  rows: readonly Row[],
  typeName: string,
  problems: ConfigProblem[],
  validate: (row: Row) => { ok: true; value: T } | { ok: false; problems: string[] },
): T[] {
  const out: T[] = [];
  for (const row of rows) {
    const result = validate(row);
    if (result.ok) out.push(result.value);
    else
      problems.push({
        source: `${typeName}.${row.DeveloperName}`,
        message: result.problems.join('; '),
      });
  }
  return out;
}

async function describeAll(
  describe: ConfigLoaderDeps['describe'],
  objectNames: readonly string[],
): Promise<{ describes: Record<string, ObjectDescribe>; describeOf: DescribeLookup }> {
  const results = await Promise.allSettled(objectNames.map((name) => describe(name)));
  const describes: Record<string, ObjectDescribe> = {};
  const failures = new Map<string, string>();
  results.forEach((result, i) => {
    const name = objectNames[i] ?? '';
    if (result.status === 'fulfilled') describes[name] = result.value;
    else
      failures.set(
        name,
        result.reason instanceof Error ? result.reason.message : String(result.reason),
      );
  });
  const describeOf: DescribeLookup = (objectName) => {
    const found = describes[objectName];
    if (found) return { describe: found };
    return {
      error: `${objectName} could not be described: ${failures.get(objectName) ?? 'unknown object'}`,
    };
  };
  return { describes, describeOf };
}

/** Two mappings writing one target would fight; the first by DeveloperName wins. */
function dropDuplicateMappings(
  mappings: FieldMapping[],
  problems: ConfigProblem[],
): FieldMapping[] {
  const salesforceTargets = new Map<string, string>();
  const oktaTargets = new Map<string, string>();
  return mappings.filter((m) => {
    const sfKey = `${m.objectName}.${m.field}`.toLowerCase();
    const oktaKey = m.oktaAttribute;
    const sfOwner = writesSalesforce(m) ? salesforceTargets.get(sfKey) : undefined;
    const oktaOwner = writesOkta(m) ? oktaTargets.get(oktaKey) : undefined;
    if (sfOwner ?? oktaOwner) {
      const target = sfOwner ? `${m.objectName}.${m.field}` : oktaKey;
      problems.push({
        source: `${FIELD_MAPPING_TYPE}.${m.name}`,
        message: `${target} is already written by mapping ${sfOwner ?? oktaOwner}`,
      });
      return false;
    }
    if (writesSalesforce(m)) salesforceTargets.set(sfKey, m.name);
    if (writesOkta(m)) oktaTargets.set(oktaKey, m.name);
    return true;
  });
}

/** One Okta group maps to one Account Team role; the first by DeveloperName wins. */
function dropDuplicateTeamRules(rules: AccessRule[], problems: ConfigProblem[]): AccessRule[] {
  const owners = new Map<string, string>();
  return rules.filter((r) => {
    if (r.type !== 'GROUP_TO_ACCOUNT_TEAM') return true;
    const owner = owners.get(r.groupId);
    if (owner) {
      problems.push({
        source: `${ACCESS_RULE_TYPE}.${r.name}`,
        message: `group ${r.groupId} already maps to an Account Team role through rule ${owner}`,
      });
      return false;
    }
    owners.set(r.groupId, r.name);
    return true;
  });
}
