// Every rule the validator runs, in reporting order.
import xmlWellFormed from './xml-well-formed.mjs';
import apiVersion from './api-version.mjs';
import customObject from './custom-object.mjs';
import customField from './custom-field.mjs';
import customMetadataRecord from './custom-metadata-record.mjs';
import permissionSet from './permission-set.mjs';
import channelMember from './channel-member.mjs';
import customApplication from './custom-application.mjs';
import customTab from './custom-tab.mjs';
import flexipage from './flexipage.mjs';
import lwcBundle from './lwc-bundle.mjs';
import fieldLevelSecurity from './field-level-security.mjs';
import lwcReferences from './lwc-references.mjs';
import apexSoqlReferences from './apex-soql-references.mjs';
import apexSyntax from './apex-syntax.mjs';
import apexConventions from './apex-conventions.mjs';
import textLimits from './text-limits.mjs';

/** @type {import('../rule.mjs').Rule[]} */
export const RULES = [
  xmlWellFormed,
  apiVersion,
  textLimits,
  customObject,
  customField,
  customMetadataRecord,
  permissionSet,
  channelMember,
  customApplication,
  customTab,
  flexipage,
  lwcBundle,
  fieldLevelSecurity,
  lwcReferences,
  apexSoqlReferences,
  apexSyntax,
  apexConventions,
];
