/**
 * The SCIM 2.0 vocabulary the companion speaks: schema URNs and the discovery documents
 * (RFC 7643 §5–§7, RFC 7644 §4), static and the same for every caller.
 */

export const SCIM = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  /** The product's extension: any other Okta profile attribute, by its Okta name. */
  oktaUser: 'urn:okta-sync:params:scim:schemas:extension:okta:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
} as const;

/** Extension schemas a User may carry, longest first so a path finds its own. */
export const USER_EXTENSIONS: readonly string[] = [SCIM.enterpriseUser, SCIM.oktaUser];

export const SCIM_CONTENT_TYPE = 'application/scim+json';

/** Largest page a list answers, whatever `count` asks for. */
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 100;

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SCIM.serviceProviderConfig],
    documentationUri: 'https://github.com/okta-salesforce-sync#connecting-okta-with-scim',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'Authentication with the SCIM_TOKEN bearer token',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [SCIM.resourceType],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'An Okta user provisioned to Salesforce as a Contact',
      schema: SCIM.user,
      schemaExtensions: [
        { schema: SCIM.enterpriseUser, required: false },
        { schema: SCIM.oktaUser, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM.resourceType],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'An Okta group pushed to the companion (Account Team rules)',
      schema: SCIM.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type: 'string' | 'boolean' | 'complex' | 'reference';
  multiValued: boolean;
  required: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'default' | 'never';
  uniqueness: 'none' | 'server';
  caseExact: boolean;
  subAttributes?: Attribute[];
};

const text = (name: string, extra: Partial<Attribute> = {}): Attribute => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  caseExact: false,
  ...extra,
});

const multi = (name: string): Attribute => ({
  ...text(name, { type: 'complex', multiValued: true }),
  subAttributes: [
    text('value'),
    text('type'),
    text('display'),
    { ...text('primary'), type: 'boolean' },
  ],
});

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, attributes: Attribute[]) => ({
    schemas: [SCIM.schema],
    id,
    name,
    attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(SCIM.user, 'User', [
      text('userName', { required: true, uniqueness: 'server' }),
      {
        ...text('name', { type: 'complex' }),
        subAttributes: ['formatted', 'familyName', 'givenName', 'middleName'].map((n) => text(n)),
      },
      text('displayName'),
      text('nickName'),
      text('title'),
      text('userType'),
      text('preferredLanguage'),
      text('locale'),
      text('timezone'),
      { ...text('active'), type: 'boolean' },
      text('password', { mutability: 'writeOnly', returned: 'never' }),
      multi('emails'),
      multi('phoneNumbers'),
      {
        ...text('addresses', { type: 'complex', multiValued: true }),
        subAttributes: [
          'formatted',
          'streetAddress',
          'locality',
          'region',
          'postalCode',
          'country',
          'type',
        ].map((n) => text(n)),
      },
      { ...multi('groups'), mutability: 'readOnly' },
    ]),
    schema(SCIM.enterpriseUser, 'EnterpriseUser', [
      ...['employeeNumber', 'costCenter', 'organization', 'division', 'department'].map((n) =>
        text(n),
      ),
      {
        ...text('manager', { type: 'complex' }),
        subAttributes: [text('value'), text('displayName')],
      },
    ]),
    schema(SCIM.oktaUser, 'OktaProfile', [text('userType')]),
    schema(SCIM.group, 'Group', [
      text('displayName', { required: true }),
      {
        ...multi('members'),
        subAttributes: [text('value', { mutability: 'immutable' }), text('display')],
      },
    ]),
  ];
}
