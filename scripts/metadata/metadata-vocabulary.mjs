// Names and enumerations of the Metadata API used by the rules.
// Enumerations are those of the Metadata API WSDL (as published in @salesforce/types
// lib/metadata.d.ts); required elements and limits follow the Metadata API Developer Guide
// and Salesforce Help ("Custom Field Attributes", "Custom Metadata Type Fields").

/** File suffix (after the last dot, before -meta.xml) → root element name. */
export const ROOT_BY_SUFFIX = new Map([
  ['field', 'CustomField'],
  ['object', 'CustomObject'],
  ['md', 'CustomMetadata'],
  ['permissionset', 'PermissionSet'],
  ['permissionsetgroup', 'PermissionSetGroup'],
  ['app', 'CustomApplication'],
  ['tab', 'CustomTab'],
  ['flexipage', 'FlexiPage'],
  ['platformEventChannelMember', 'PlatformEventChannelMember'],
  ['cls', 'ApexClass'],
  ['trigger', 'ApexTrigger'],
  ['js', 'LightningComponentBundle'],
  ['listView', 'ListView'],
  ['queue', 'Queue'],
  ['notiftype', 'CustomNotificationType'],
  ['namedCredential', 'NamedCredential'],
  ['externalCredential', 'ExternalCredential'],
  ['layout', 'Layout'],
  ['labels', 'CustomLabels'],
  ['customPermission', 'CustomPermission'],
  ['remoteSite', 'RemoteSiteSetting'],
  ['cspTrustedSite', 'CspTrustedSite'],
  ['quickAction', 'QuickAction'],
  ['globalValueSet', 'GlobalValueSet'],
  ['compactLayout', 'CompactLayout'],
  ['validationRule', 'ValidationRule'],
  ['recordType', 'RecordType'],
  ['webLink', 'WebLink'],
  ['fieldSet', 'FieldSet'],
  ['flow', 'Flow'],
  ['page', 'ApexPage'],
  ['component', 'ApexComponent'],
  ['resource', 'StaticResource'],
  ['messageChannel', 'LightningMessageChannel'],
]);

/** FieldType. */
export const FIELD_TYPES = new Set([
  'AutoNumber',
  'Lookup',
  'MasterDetail',
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Email',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'MultiselectPicklist',
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'Url',
  'EncryptedText',
  'Summary',
  'Hierarchy',
  'File',
  'MetadataRelationship',
  'Location',
  'ExternalLookup',
  'IndirectLookup',
  'CustomDataType',
  'Time',
  'Address',
  'Array',
  'Integer',
  'Long',
]);

/** Field types a custom metadata type supports (Salesforce Help, Custom Metadata Type Fields). */
export const CMDT_FIELD_TYPES = new Set([
  'MetadataRelationship',
  'Checkbox',
  'Date',
  'DateTime',
  'Email',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'Text',
  'TextArea',
  'LongTextArea',
  'Url',
]);

/** Field types a platform event supports. */
export const PLATFORM_EVENT_FIELD_TYPES = new Set([
  'Checkbox',
  'Date',
  'DateTime',
  'Number',
  'Text',
  'LongTextArea',
]);

/** Types that can carry the External ID attribute (Help: Auto Number, Email, Number, Text). */
export const EXTERNAL_ID_TYPES = new Set(['AutoNumber', 'Email', 'Number', 'Text']);
/** Types that can carry the Unique attribute. */
export const UNIQUE_TYPES = new Set(['Email', 'Number', 'Text', 'EncryptedText']);

/** Types that take no length, precision or scale. */
export const SIZELESS_TYPES = new Set([
  'Checkbox',
  'Date',
  'DateTime',
  'Time',
  'Email',
  'Phone',
  'Url',
  'TextArea',
  'Picklist',
  'Lookup',
  'MasterDetail',
]);

export const DELETE_CONSTRAINTS = new Set(['Cascade', 'Restrict', 'SetNull']);
export const FIELD_MANAGEABILITY = new Set([
  'DeveloperControlled',
  'SubscriberControlled',
  'Locked',
]);
export const SHARING_MODELS = new Set([
  'Private',
  'Read',
  'ReadSelect',
  'ReadWrite',
  'ReadWriteTransfer',
  'FullAccess',
  'ControlledByParent',
  'ControlledByLeadOrContact',
  'ControlledByCampaign',
]);
export const DEPLOYMENT_STATUSES = new Set(['InDevelopment', 'Deployed']);
export const SETUP_OBJECT_VISIBILITIES = new Set(['PackageProtected', 'Protected', 'Public']);
export const PLATFORM_EVENT_TYPES = new Set(['HighVolume', 'StandardVolume']);
export const PUBLISH_BEHAVIORS = new Set(['PublishAfterCommit', 'PublishImmediately']);
export const NAME_FIELD_TYPES = new Set(['Text', 'AutoNumber']);

export const NAV_TYPES = new Set(['Standard', 'Console']);
export const UI_TYPES = new Set(['Aloha', 'Lightning']);
export const FORM_FACTORS = new Set(['Small', 'Medium', 'Large']);
/** PermissionSetTabVisibility. */
export const PERMISSION_SET_TAB_VISIBILITIES = new Set(['None', 'Available', 'Visible']);

/** FlexiPageType. */
export const FLEXIPAGE_TYPES = new Set([
  'AppPage',
  'ObjectPage',
  'RecordPage',
  'HomePage',
  'ForecastingPage',
  'MailAppAppPage',
  'CommAppPage',
  'CommForgotPasswordPage',
  'CommLoginPage',
  'CommObjectPage',
  'CommQuickActionCreatePage',
  'CommRecordPage',
  'CommRelatedListPage',
  'CommSearchResultPage',
  'CommGlobalSearchResultPage',
  'CommSelfRegisterPage',
  'CommThemeLayoutPage',
  'UtilityBar',
  'RecordPreview',
  'EmbeddedServicePage',
  'CommCheckoutPage',
  'CommOrderConfirmationPage',
  'CommFlowPage',
  'EmailTemplatePage',
  'ApplicationLayout',
  'CommNoSearchResultsPage',
  'CommElectronicSignaturePage',
  'CommContractDocumentsPage',
  'CommContractDetailViewPage',
  'EmailContentPage',
  'ServiceDocument',
  'LandingPage',
  'CdpRecordPage',
  'SlackAppHome',
  'SlackMessage',
  'SlackModal',
  'SlackNotification',
  'EasyHomePage',
  'CardPage',
  'VoiceExtension',
  'ConfiguratorAppPage',
  'OmniSupervisorPage',
  'MobileAppPage',
]);

/** The LWC target a FlexiPage type needs of the components placed on it. */
export const LWC_TARGET_BY_FLEXIPAGE_TYPE = new Map([
  ['AppPage', 'lightning__AppPage'],
  ['RecordPage', 'lightning__RecordPage'],
  ['HomePage', 'lightning__HomePage'],
  ['UtilityBar', 'lightning__UtilityBar'],
]);

/** Targets of a Lightning web component configuration file (LWC Developer Guide). */
export const LWC_TARGETS = new Set([
  'lightning__AppPage',
  'lightning__RecordPage',
  'lightning__HomePage',
  'lightning__Tab',
  'lightning__UtilityBar',
  'lightning__FlowScreen',
  'lightning__FlowAction',
  'lightning__Inbox',
  'lightning__RecordAction',
  'lightning__GlobalAction',
  'lightning__UrlAddressable',
  'lightning__VoiceExtension',
  'lightning__AgentforceInput',
  'lightning__AgentforceOutput',
  'lightning__Dashboard',
  'lightningCommunity__Page',
  'lightningCommunity__Default',
  'lightningCommunity__Page_Layout',
  'lightningCommunity__Theme_Layout',
  'lightningSnapin__ChatMessage',
  'lightningSnapin__Minimized',
  'lightningSnapin__PreChat',
  'lightningSnapin__ChatHeader',
  'lightningStatic__Email',
  'analytics__Dashboard',
]);

/** Limits from Salesforce Help (Custom Field Attributes). */
export const LIMITS = {
  labelLength: 40,
  textLength: { min: 1, max: 255 },
  longTextLength: { min: 256, max: 131072 },
  visibleLines: { min: 2, max: 50 },
  precision: { min: 1, max: 18 },
  changeDataCaptureEntities: 5,
};
