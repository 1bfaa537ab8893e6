// The mapping engine: configuration, transforms, coercion, matching and access rules.
export * from './types.js';
export { loadSyncConfig } from './config-loader.js';
export type { ConfigLoaderDeps } from './config-loader.js';
export { ACCESS_RULE_SOQL, FIELD_MAPPING_SOQL, SYNC_SETTING_SOQL } from './config-rows.js';
export { DEFAULT_SYNC_SETTINGS } from './settings.js';
export { applyTransform, isEmptyValue } from './transforms.js';
export type { TransformOptions, TransformResult, TransformSpec } from './transforms.js';
export { coerceToField, toOktaValue } from './coerce.js';
export { mapOktaField, mapOktaUserToSalesforce, mapSalesforceChangeToOkta } from './apply.js';
export type { OktaFieldOutcome, SalesforceRecords } from './apply.js';
export { diffFields, sameValue } from './field-diff.js';
export type { FieldChange } from './field-diff.js';
export { resolveConflicts } from './conflicts.js';
export type { ConflictCandidate, ConflictResolution, SideChange } from './conflicts.js';
export { previewMapping } from './preview.js';
export type { MappingPreview, PreviewField } from './preview.js';
export {
  buildMatchQuery,
  chooseContactMatch,
  matchKeysFor,
  matchSelectFields,
  OKTA_USER_ID_FIELD,
} from './matching.js';
export type { ContactCandidate, ContactMatch, MatchKey } from './matching.js';
export { soqlFieldName, soqlQuote } from './soql-quote.js';
export {
  accountTeamRoleFor,
  conditionFields,
  conditionHolds,
  diffEntitlements,
  evaluateAccess,
  managedGroupIds,
  ruleGroupIds,
} from './access-rules.js';
export type { AccountTeamAccess, Entitlements, OwnedRecord } from './access-rules.js';
export { readOktaAttribute } from './okta-attribute.js';
