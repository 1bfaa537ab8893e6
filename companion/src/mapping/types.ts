// The configuration model the sync reads from Salesforce Custom Metadata, and the value
// shapes the mapping engine works on. Plain data: no behaviour lives here. The picklist value
// lists copy the force-app XML; scripts/metadata/schema-copies.test.mjs holds them to it.

export const DIRECTIONS = ['OKTA_TO_SALESFORCE', 'SALESFORCE_TO_OKTA', 'BOTH'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const TRANSFORMS = [
  'NONE',
  'TRIM',
  'LOWER',
  'UPPER',
  'VALUE_MAP',
  'TEMPLATE',
  'PHONE_E164',
  'DATE',
  'DATETIME',
  'BOOLEAN',
  'NUMBER',
] as const;
export type TransformName = (typeof TRANSFORMS)[number];

export const SOURCES_OF_TRUTH = ['OKTA', 'SALESFORCE'] as const;
export type SourceOfTruth = (typeof SOURCES_OF_TRUTH)[number];

/** Salesforce objects a field mapping may target. */
export const MAPPED_OBJECTS = ['Contact', 'Account', 'Lead'] as const;
export type MappedObject = (typeof MAPPED_OBJECTS)[number];

/** One active, validated row of Okta_Field_Mapping__mdt. */
export interface FieldMapping {
  /** DeveloperName: the stable key used in errors, audit entries and conflicts. */
  name: string;
  label: string;
  direction: Direction;
  objectName: MappedObject;
  /** Field API name, spelled as the object's describe spells it. */
  field: string;
  /** `id`, `status`, a timestamp attribute or `profile.<name>`; may be '' for TEMPLATE. */
  oktaAttribute: string;
  transform: TransformName;
  transformArgument: string | null;
  defaultValue: string | null;
  isMatchKey: boolean;
  /** Lower first among match keys; null sorts last. */
  matchPriority: number | null;
  /** Who wins a BOTH mapping when both sides changed since the last sync (blank → OKTA). */
  sourceOfTruth: SourceOfTruth;
}

export const RULE_TYPES = [
  'GROUP_TO_ACCOUNT_TEAM',
  'CONDITION_TO_GROUP',
  'CONDITION_TO_ATTRIBUTE',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const CONDITION_OPERATORS = ['EQUALS', 'NOT_EQUALS', 'IN', 'NOT_NULL'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** Objects whose records, owned by a Salesforce user, drive CONDITION_* rules. */
export const CONDITION_OBJECTS = ['Lead', 'Contact', 'Opportunity', 'Account'] as const;

export const ACCOUNT_ACCESS_LEVELS = ['Read', 'Edit'] as const;
export type AccountAccessLevel = (typeof ACCOUNT_ACCESS_LEVELS)[number];
/** Opportunity and Case access of an Account Team member. */
export const RELATED_ACCESS_LEVELS = ['None', 'Read', 'Edit'] as const;
export type RelatedAccessLevel = (typeof RELATED_ACCESS_LEVELS)[number];

export interface RuleCondition {
  objectName: string;
  field: string;
  operator: ConditionOperator;
  /** Raw Condition_Value__c; for IN a comma separated list. Null for NOT_NULL. */
  value: string | null;
}

export interface GroupToAccountTeamRule {
  type: 'GROUP_TO_ACCOUNT_TEAM';
  name: string;
  label: string;
  groupId: string;
  groupName: string | null;
  accountTeamRole: string;
  accountAccessLevel: AccountAccessLevel;
  opportunityAccessLevel: RelatedAccessLevel | null;
  caseAccessLevel: RelatedAccessLevel | null;
  /** Which Accounts the team membership applies to (a condition on Account). */
  accounts: RuleCondition;
}

export interface ConditionToGroupRule {
  type: 'CONDITION_TO_GROUP';
  name: string;
  label: string;
  groupId: string;
  groupName: string | null;
  condition: RuleCondition;
}

export interface ConditionToAttributeRule {
  type: 'CONDITION_TO_ATTRIBUTE';
  name: string;
  label: string;
  /** `profile.<name>` */
  oktaAttribute: string;
  attributeValue: string;
  condition: RuleCondition;
}

/** One active, validated row of Okta_Access_Rule__mdt. */
export type AccessRule = GroupToAccountTeamRule | ConditionToGroupRule | ConditionToAttributeRule;

export const ACCOUNT_STRATEGIES = ['MATCH_OR_CREATE', 'MATCH_ONLY', 'NONE'] as const;
export type AccountStrategy = (typeof ACCOUNT_STRATEGIES)[number];
export const DEPROVISION_CASE_ACTIONS = ['REASSIGN_TO_QUEUE', 'FLAG', 'NONE'] as const;
export type DeprovisionCaseAction = (typeof DEPROVISION_CASE_ACTIONS)[number];

/** The `Default` record of Okta_Sync_Setting__mdt. Blank text settings are null. */
export interface SyncSettings {
  syncEnabled: boolean;
  /** Okta search expression selecting users that become Contacts; null = every user. */
  oktaContactFilter: string | null;
  /** Okta search expression selecting users outside the Contact filter that become Leads; null = none. */
  oktaLeadFilter: string | null;
  /** Closed, not converted, Lead status set on a deactivated user's open Lead. */
  leadClosedStatus: string;
  /** Run the org's active Lead assignment rule on created Leads (Sforce-Auto-Assign: TRUE). */
  leadAssignmentRule: boolean;
  accountStrategy: AccountStrategy;
  accountMatchAttribute: string | null;
  defaultOwnerId: string | null;
  userMatchField: string;
  deprovisionCaseAction: DeprovisionCaseAction;
  deprovisionCaseQueue: string | null;
  leadFallbackOwnerId: string | null;
  deactivateEmptyAccounts: boolean;
  blastRadiusPercent: number;
  blastRadiusMinContacts: number;
  blastRadiusWindowMinutes: number;
  defaultGrantHours: number;
  maxGrantHours: number;
  terminationCaseType: string | null;
  accessIssueAttribute: string | null;
  reconciliationCron: string;
  bulkThreshold: number;
  apiReservePercent: number;
  alertRecipientId: string | null;
}

/** A configuration record that was reported and left out of the active set. */
export interface ConfigProblem {
  /** e.g. `Okta_Field_Mapping__mdt.Contact_Email` */
  source: string;
  message: string;
  /** The Okta group the problem is about, when it is about one (e.g. a deleted group). */
  groupId?: string;
}

export interface SyncConfig {
  mappings: FieldMapping[];
  accessRules: AccessRule[];
  settings: SyncSettings;
  problems: ConfigProblem[];
  /**
   * Rules left out of `accessRules` because their Okta group was deleted in Okta (each is also a
   * problem). Their Account Team rows are kept: see `heldTeamRoles`.
   */
  suspendedRules?: AccessRule[];
  /** Describes of every object the mappings target, keyed by object API name. */
  describes: Record<string, ObjectDescribe>;
}

export interface PicklistEntry {
  value: string;
  active: boolean;
}

/** The part of a Salesforce field describe the engine uses (jsforce `Field` is assignable). */
export interface FieldDescribe {
  name: string;
  type: string;
  length: number;
  precision?: number | undefined;
  scale?: number | undefined;
  digits?: number | undefined;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  unique: boolean;
  picklistValues?: readonly PicklistEntry[] | null | undefined;
  restrictedPicklist?: boolean | undefined;
}

/** The part of a Salesforce sObject describe the engine uses (jsforce `DescribeSObjectResult` is assignable). */
export interface ObjectDescribe {
  name: string;
  fields: readonly FieldDescribe[];
}

export type OktaTimestamp = string | Date | null;

/** An Okta user as the mapping engine sees it. */
export interface OktaUserSnapshot {
  id: string;
  status: string;
  created: OktaTimestamp;
  activated: OktaTimestamp;
  statusChanged: OktaTimestamp;
  lastLogin: OktaTimestamp;
  lastUpdated: OktaTimestamp;
  passwordChanged: OktaTimestamp;
  profile: Record<string, unknown>;
}

/** A value a transform produces and a field accepts. */
export type MappedValue = string | number | boolean | null | readonly string[];

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface MappingError {
  /** DeveloperName of the mapping. */
  mapping: string;
  /** `Contact.Title` for Okta → Salesforce, `profile.title` for Salesforce → Okta. */
  field: string;
  message: string;
}
