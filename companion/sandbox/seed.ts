/**
 * Deterministic seed data shared by the Okta and Salesforce emulators: one world
 * (customers, employees, organizations) seen from both sides before any sync drift.
 * Pure: the same options always give byte-identical output.
 */

import type { AssignmentRuleSeed } from './salesforce/lead-assignment.js';

export type OktaUserStatus =
  | 'ACTIVE'
  | 'PROVISIONED'
  | 'STAGED'
  | 'SUSPENDED'
  | 'LOCKED_OUT'
  | 'DEPROVISIONED'
  | 'PASSWORD_EXPIRED'
  | 'RECOVERY';

export type OktaFactorType = 'token:software:totp' | 'sms' | 'push' | 'email';

export interface OktaSeedFactor {
  id: string;
  factorType: OktaFactorType;
  provider: 'OKTA' | 'GOOGLE';
  status: 'ACTIVE';
}

export interface OktaSeedProfile {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  mobilePhone: string | null;
  primaryPhone: string | null;
  title: string | null;
  department: string | null;
  organization: string | null;
  userType: 'Customer' | 'Employee';
  territory?: string | null;
}

export interface OktaSeedUser {
  id: string;
  status: OktaUserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  profile: OktaSeedProfile;
  factors: OktaSeedFactor[];
}

export interface OktaSeedGroup {
  id: string;
  name: string;
  description: string;
  type: 'OKTA_GROUP';
  /** Okta admin roles assigned to the group (role types such as SUPER_ADMIN). */
  adminRoles?: string[];
}

export interface OktaSeedMembership {
  groupId: string;
  userId: string;
}

export interface OktaSeed {
  users: OktaSeedUser[];
  groups: OktaSeedGroup[];
  memberships: OktaSeedMembership[];
}

export type SfRecord = { Id: string } & Record<string, unknown>;

export interface SalesforceSeed {
  users: SfRecord[];
  groups: SfRecord[];
  accounts: SfRecord[];
  contacts: SfRecord[];
  leads: SfRecord[];
  opportunities: SfRecord[];
  cases: SfRecord[];
  /** QueueSobject rows for queues force-app does not ship (force-app's queues add theirs). */
  queueSobjects?: SfRecord[];
  /** The org's assignment rules, with the entries Salesforce keeps behind AssignmentRule. */
  assignmentRules?: AssignmentRuleSeed[];
}

/** The seed's record lists, loaded as the object's rows. */
export type SeedRecordSet = Exclude<keyof SalesforceSeed, 'queueSobjects' | 'assignmentRules'>;

export interface SeedData {
  okta: OktaSeed;
  salesforce: SalesforceSeed;
}

export interface SeedOptions {
  /** Number of customers (Okta users of userType Customer). Employees come on top. */
  users: number;
  /** PRNG seed; default 42. */
  seed?: number;
  /** Reference instant; default 2026-01-01T00:00:00Z. */
  now?: Date;
}

export const DEFAULT_SEED_NOW = new Date('2026-01-01T00:00:00.000Z');
export const EMPLOYEE_DOMAIN = 'example-corp.test';
export const INTEGRATION_USERNAME = `okta.integration@${EMPLOYEE_DOMAIN}.sf`;
export const DEPROVISIONED_QUEUE_DEVELOPER_NAME = 'Okta_Deprovisioned_Cases';

export const SEED_GROUP_NAMES = [
  'Sales - West',
  'Sales - East',
  'Support Tier 2',
  'Partner Portal',
  'VIP Customers',
  'Everyone',
  'Okta Administrators',
] as const;

const ACCOUNT_TYPES = ['Customer - Direct', 'Customer - Channel', 'Prospect', 'Technology Partner'];
const BILLING_COUNTRIES = [
  'United States',
  'Germany',
  'France',
  'United Kingdom',
  'Canada',
  'United States',
  'Japan',
];

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character case-safe suffix that turns a 15-character Salesforce id into 18. */
export function salesforceIdChecksum(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const ch = id15.charCodeAt(chunk * 5 + i);
      if (ch >= 65 && ch <= 90) bits |= 1 << i;
    }
    suffix += CHECKSUM_CHARS[bits];
  }
  return suffix;
}

/** An 18-character Salesforce id: key prefix + instance + base62 counter + checksum. */
export function salesforceId(prefix: string, n: number): string {
  if (prefix.length !== 3) throw new Error(`Salesforce key prefix must be 3 characters: ${prefix}`);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`invalid record number: ${n}`);
  let counter = '';
  let rest = n;
  for (let i = 0; i < 9; i++) {
    counter = BASE62[rest % 62] + counter;
    rest = Math.floor(rest / 62);
  }
  if (rest > 0) throw new Error(`record number too large: ${n}`);
  const id15 = `${prefix}5g0${counter}`;
  return id15 + salesforceIdChecksum(id15);
}

/** The org's own Lead queue, where its default Lead assignment rule sends Okta sign-ups. */
export const SIGN_UP_QUEUE_DEVELOPER_NAME = 'Okta_Sign_Ups';
export const SIGN_UP_QUEUE_ID = salesforceId('00G', 2);
export const LEAD_ASSIGNMENT_RULE_ID = salesforceId('01Q', 1);

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = (
  'Ada Alan Grace Linus Margaret Dennis Barbara Ken Frances Donald Radia Tim Katherine John ' +
  'Hedy Edsger Shafi Leslie Sophie Niklaus Mary Claude Annie Bjarne Evelyn James Joan Guido ' +
  'Karen Brian Lynn Vint Adele Robert Jean Peter Susan Marvin Carol Andrew Dorothy Richard ' +
  'Elena Tony Irene Paul Nora Yukihiro Amara Omar Priya Mateo Ingrid Kwame Lucia Hiro Zainab ' +
  'Felix Ines Tomas'
).split(' ');
const LAST_NAMES = (
  'Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Allen Knuth Perlman ' +
  'Berners Johnson McCarthy Lamarr Dijkstra Goldwasser Lamport Wilson Wirth Keller Shannon ' +
  'Easley Stroustrup Berezin Gosling Clarke Rossum Jones Kernighan Conway Cerf Goldberg Kahn ' +
  'Bartik Norvig Kare Minsky Shaw Tanenbaum Vaughan Stallman Moreno Hoare Greif Graham ' +
  'Fischer Matsumoto Okafor Haddad Sharma Garcia Larsen Mensah Rossi Tanaka Bello Weber Silva ' +
  'Novak'
).split(' ');
const ORG_WORDS = (
  'Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Tyrell Cyberdyne Soylent Wonka ' +
  'Oscorp Aperture Massive Dunder Pied Gringotts Monarch Nakatomi'
).split(' ');
const CUSTOMER_TITLES = [
  'Buyer',
  'Procurement Lead',
  'IT Manager',
  'Developer',
  'Office Manager',
  'CTO',
  'Analyst',
  'Partner Manager',
];
const EMPLOYEE_TITLES = ['Account Executive', 'Sales Manager', 'Sales Engineer', 'Account Manager'];
const AREA_CODES = ['415', '212', '312', '206', '512', '617', '303', '404'];
const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];
const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];
const CASE_STATUSES = ['New', 'Working', 'Closed'] as const;
const CASE_ORIGINS = ['Web', 'Phone', 'Email'];
const CASE_PRIORITIES = ['High', 'Medium', 'Low'];
const PRODUCTS = ['Platform', 'Support Plan', 'Expansion', 'Renewal', 'Add-on Seats'];

/**
 * Customer statuses by slot in each block of 100 (slot = i*37 mod 100): exactly 92 ACTIVE,
 * 2 PROVISIONED, 2 SUSPENDED, 1 LOCKED_OUT, 2 DEPROVISIONED, 1 PASSWORD_EXPIRED, and the
 * first ten customers already include every status.
 */
const STATUS_SLOTS: ReadonlyMap<number, OktaUserStatus> = new Map([
  [37, 'PROVISIONED'],
  [70, 'PROVISIONED'],
  [74, 'SUSPENDED'],
  [7, 'SUSPENDED'],
  [11, 'LOCKED_OUT'],
  [48, 'DEPROVISIONED'],
  [44, 'DEPROVISIONED'],
  [85, 'PASSWORD_EXPIRED'],
]);

const DAY_MS = 86_400_000;

function pick<T>(list: readonly T[], rnd: () => number): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

function at<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

function makeOktaIdFactory(rnd: () => number): (prefix: string) => string {
  const seen = new Set<string>();
  return (prefix) => {
    for (;;) {
      let id = prefix;
      while (id.length < 20) id += BASE62[Math.floor(rnd() * 62)];
      if (!seen.has(id)) {
        seen.add(id);
        return id;
      }
    }
  };
}

function uniqueEmployeeName(
  taken: ReadonlySet<string>,
  rnd: () => number,
): { firstName: string; lastName: string; login: string } {
  for (let attempt = 0; ; attempt++) {
    const firstName = pick(FIRST_NAMES, rnd);
    const lastName = pick(LAST_NAMES, rnd);
    const suffix = attempt >= 50 ? String(attempt) : '';
    const login = `${firstName}.${lastName}${suffix}@${EMPLOYEE_DOMAIN}`.toLowerCase();
    if (!taken.has(login)) return { firstName, lastName, login };
  }
}

function phone(rnd: () => number): string {
  return `+1${pick(AREA_CODES, rnd)}555${String(Math.floor(rnd() * 10_000)).padStart(4, '0')}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function alias(first: string, last: string): string {
  return (first.slice(0, 1) + last.slice(0, 4)).toLowerCase();
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface Lifecycle {
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
}

function lifecycleTimes(status: OktaUserStatus, nowMs: number, rnd: () => number): Lifecycle {
  const created = nowMs - (30 + Math.floor(rnd() * 1000)) * DAY_MS - Math.floor(rnd() * DAY_MS);
  const pending = status === 'PROVISIONED' || status === 'STAGED';
  const activatedMs = pending ? null : created + Math.floor(rnd() * 3 * DAY_MS) + 60_000;
  const changedMs =
    status === 'ACTIVE'
      ? activatedMs
      : (activatedMs ?? created) + Math.floor(rnd() * (nowMs - (activatedMs ?? created) - DAY_MS));
  const loginMs =
    pending || status === 'DEPROVISIONED'
      ? null
      : Math.max(activatedMs ?? created, nowMs - Math.floor(rnd() * 20 * DAY_MS) - DAY_MS);
  const passwordMs = pending ? null : (activatedMs ?? created) + 1000;
  const updatedMs = Math.max(created, activatedMs ?? 0, changedMs ?? 0, passwordMs ?? 0);
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    created: new Date(created).toISOString(),
    activated: iso(activatedMs),
    statusChanged: iso(changedMs),
    lastLogin: iso(loginMs),
    lastUpdated: new Date(updatedMs).toISOString(),
    passwordChanged: iso(passwordMs),
  };
}

function factorsFor(
  userType: 'Customer' | 'Employee',
  status: OktaUserStatus,
  rnd: () => number,
  newId: (prefix: string) => string,
): OktaSeedFactor[] {
  if (userType === 'Employee') {
    return [
      {
        id: newId('ost'),
        factorType: 'token:software:totp',
        provider: 'OKTA',
        status: 'ACTIVE',
      },
      {
        id: newId('opf'),
        factorType: 'push',
        provider: 'OKTA',
        status: 'ACTIVE',
      },
    ];
  }
  if (status === 'PROVISIONED' || status === 'STAGED' || rnd() >= 0.6) return [];
  const r = rnd();
  if (r < 0.4)
    return [
      {
        id: newId('sms'),
        factorType: 'sms',
        provider: 'OKTA',
        status: 'ACTIVE',
      },
    ];
  if (r < 0.7) {
    return [
      {
        id: newId('ost'),
        factorType: 'token:software:totp',
        provider: 'GOOGLE',
        status: 'ACTIVE',
      },
    ];
  }
  if (r < 0.9)
    return [
      {
        id: newId('opf'),
        factorType: 'push',
        provider: 'OKTA',
        status: 'ACTIVE',
      },
    ];
  return [
    {
      id: newId('emf'),
      factorType: 'email',
      provider: 'OKTA',
      status: 'ACTIVE',
    },
  ];
}

interface Organization {
  name: string;
  domain: string;
  accountId: string;
  ownerSfUserId: string;
  hasLiveCustomer: boolean;
}

export function generateSeed(options: SeedOptions): SeedData {
  const customerCount = Math.floor(options.users);
  if (!(customerCount >= 1)) throw new Error(`users must be a positive number: ${options.users}`);
  const rnd = mulberry32(options.seed ?? 42);
  const nowMs = (options.now ?? DEFAULT_SEED_NOW).getTime();
  const newOktaId = makeOktaIdFactory(rnd);

  const employeeCount = Math.max(3, Math.ceil(customerCount / 200));
  const orgCount = Math.max(3, Math.round(customerCount / 20));

  const sfUsers: SfRecord[] = [
    {
      Id: salesforceId('005', 1),
      Username: INTEGRATION_USERNAME,
      FirstName: 'Okta',
      LastName: 'Integration',
      Email: `okta.integration@${EMPLOYEE_DOMAIN}`,
      Alias: 'oktaint',
      FederationIdentifier: null,
      IsActive: true,
    },
  ];
  const integrationUserId = salesforceId('005', 1);

  // Employees: Okta users of userType Employee, each mirrored by a Salesforce User.
  const employees: OktaSeedUser[] = [];
  const employeeSfIds: string[] = [];
  const employeeLogins = new Set<string>();
  for (let i = 0; i < employeeCount; i++) {
    const { firstName, lastName, login } = uniqueEmployeeName(employeeLogins, rnd);
    employeeLogins.add(login);
    const territory = i % 2 === 0 ? 'West' : 'East';
    const times = lifecycleTimes('ACTIVE', nowMs, rnd);
    employees.push({
      id: newOktaId('00u'),
      status: 'ACTIVE',
      ...times,
      profile: {
        login,
        email: login,
        firstName,
        lastName,
        mobilePhone: phone(rnd),
        primaryPhone: phone(rnd),
        title: at(EMPLOYEE_TITLES, i),
        department: 'Sales',
        organization: null,
        userType: 'Employee',
        territory,
      },
      factors: factorsFor('Employee', 'ACTIVE', rnd, newOktaId),
    });
    const sfId = salesforceId('005', i + 2);
    employeeSfIds.push(sfId);
    sfUsers.push({
      Id: sfId,
      Username: `${login}.sf`,
      FirstName: firstName,
      LastName: lastName,
      Email: login,
      Alias: alias(firstName, lastName),
      FederationIdentifier: login,
      IsActive: true,
    });
  }

  const organizations: Organization[] = [];
  for (let i = 0; i < orgCount; i++) {
    const name = `${at(ORG_WORDS, i)} ${i + 1}`;
    organizations.push({
      name,
      domain: `${slug(name)}.test`,
      accountId: salesforceId('001', i + 1),
      ownerSfUserId: at(employeeSfIds, i),
      hasLiveCustomer: false,
    });
  }

  // Customers.
  const customers: OktaSeedUser[] = [];
  const customerOrg: (Organization | undefined)[] = [];
  for (let i = 0; i < customerCount; i++) {
    const status = STATUS_SLOTS.get((i * 37) % 100) ?? 'ACTIVE';
    const firstName = pick(FIRST_NAMES, rnd);
    const lastName = pick(LAST_NAMES, rnd);
    const hasOrg = i < orgCount || rnd() < 0.95;
    const org = hasOrg ? (i < orgCount ? organizations[i] : pick(organizations, rnd)) : undefined;
    if (org && status !== 'DEPROVISIONED') org.hasLiveCustomer = true;
    const domain = org?.domain ?? 'example-mail.test';
    const login = `${firstName}.${lastName}.${i + 1}@${domain}`.toLowerCase();
    const times = lifecycleTimes(status, nowMs, rnd);
    const mobilePhone = rnd() < 0.7 ? phone(rnd) : null;
    const primaryPhone = rnd() < 0.5 ? phone(rnd) : null;
    const title = rnd() < 0.6 ? pick(CUSTOMER_TITLES, rnd) : null;
    customers.push({
      id: newOktaId('00u'),
      status,
      ...times,
      profile: {
        login,
        email: login,
        firstName,
        lastName,
        mobilePhone,
        primaryPhone,
        title,
        department: null,
        organization: org?.name ?? null,
        userType: 'Customer',
        territory: null,
      },
      factors: factorsFor('Customer', status, rnd, newOktaId),
    });
    customerOrg.push(org);
  }

  // Groups and memberships.
  const groups: OktaSeedGroup[] = SEED_GROUP_NAMES.map((name) => ({
    id: newOktaId('00g'),
    name,
    description: groupDescription(name),
    type: 'OKTA_GROUP',
    ...(name === 'Okta Administrators' ? { adminRoles: ['SUPER_ADMIN'] } : {}),
  }));
  const groupId = (name: (typeof SEED_GROUP_NAMES)[number]) =>
    (groups[SEED_GROUP_NAMES.indexOf(name)] as OktaSeedGroup).id;
  const memberships: OktaSeedMembership[] = [];
  employees.forEach((employee, i) => {
    const sales = i % 2 === 0 ? 'Sales - West' : 'Sales - East';
    memberships.push({ groupId: groupId(sales), userId: employee.id });
  });
  customers.forEach((customer, i) => {
    if (customer.status === 'DEPROVISIONED') return;
    if (i % 10 < 3)
      memberships.push({
        groupId: groupId('Partner Portal'),
        userId: customer.id,
      });
    if (i % 20 === 1)
      memberships.push({
        groupId: groupId('VIP Customers'),
        userId: customer.id,
      });
  });
  const firstEmployee = employees[0];
  if (firstEmployee)
    memberships.push({ groupId: groupId('Okta Administrators'), userId: firstEmployee.id });
  const everyone = groupId('Everyone');
  for (const user of customers) memberships.push({ groupId: everyone, userId: user.id });
  for (const user of employees) memberships.push({ groupId: everyone, userId: user.id });

  // Salesforce mirror.
  // Type and BillingCountry by position (no random draws): the shipped example access rules
  // (Type = Customer - Direct, BillingCountry IN Germany, France, United Kingdom) select records.
  const accounts: SfRecord[] = organizations.map((org, i) => ({
    Id: org.accountId,
    Name: org.name,
    Type: at(ACCOUNT_TYPES, i),
    BillingCountry: at(BILLING_COUNTRIES, i),
    Okta_Organization_Key__c: org.name.toLowerCase(),
    Okta_Account_Status__c: org.hasLiveCustomer ? 'Active' : 'Inactive',
    OwnerId: org.ownerSfUserId,
  }));

  const contacts: SfRecord[] = [];
  const contactAccount: (string | null)[] = [];
  customers.forEach((user, i) => {
    if (user.status === 'DEPROVISIONED') return;
    const org = customerOrg[i];
    const linked = i % 10 !== 6;
    const contact: SfRecord = {
      Id: salesforceId('003', contacts.length + 1),
      FirstName: user.profile.firstName,
      LastName: user.profile.lastName,
      Email: user.profile.email.toLowerCase(),
      AccountId: org?.accountId ?? null,
      OwnerId: org?.ownerSfUserId ?? integrationUserId,
      ...(linked ? { Okta_User_Id__c: user.id, Okta_Login__c: user.profile.login } : {}),
      Okta_Status__c: linked ? user.status : null,
      Okta_Sync_Status__c: linked ? 'Synced' : 'Not Linked',
      Title: user.profile.title,
      Phone: user.profile.primaryPhone,
    };
    contacts.push(contact);
    contactAccount.push(org?.accountId ?? null);
  });

  const leadCount = Math.max(5, Math.round(customerCount / 10));
  const leads: SfRecord[] = [];
  for (let i = 0; i < leadCount; i++) {
    const firstName = pick(FIRST_NAMES, rnd);
    const lastName = pick(LAST_NAMES, rnd);
    const company = `${pick(ORG_WORDS, rnd)} Prospect ${i + 1}`;
    leads.push({
      Id: salesforceId('00Q', i + 1),
      FirstName: firstName,
      LastName: lastName,
      Company: company,
      Email: `${firstName}.${lastName}.${i + 1}@${slug(company)}.test`.toLowerCase(),
      Status: at(LEAD_STATUSES, i),
      OwnerId: at(employeeSfIds, i),
    });
  }

  const opportunityCount = Math.max(3, Math.round(customerCount / 20));
  const opportunities: SfRecord[] = [];
  for (let i = 0; i < opportunityCount; i++) {
    const org = at(organizations, i);
    const stage = pick(OPPORTUNITY_STAGES, rnd);
    opportunities.push({
      Id: salesforceId('006', i + 1),
      Name: `${org.name} - ${at(PRODUCTS, i)}`,
      AccountId: org.accountId,
      StageName: stage,
      CloseDate: isoDate(nowMs + (Math.floor(rnd() * 180) - 60) * DAY_MS),
      Amount: (5 + Math.floor(rnd() * 200)) * 1000,
      OwnerId: org.ownerSfUserId,
    });
  }

  const caseCount = Math.max(5, Math.round(customerCount / 10));
  const cases: SfRecord[] = [];
  for (let i = 0; i < caseCount && contacts.length > 0; i++) {
    const contactIndex = Math.floor(rnd() * contacts.length);
    const contact = contacts[contactIndex] as SfRecord;
    const type =
      i % 5 === 0
        ? 'Termination'
        : i % 5 === 1
          ? 'Access Issue'
          : i % 2 === 0
            ? 'Question'
            : 'Problem';
    cases.push({
      Id: salesforceId('500', i + 1),
      Subject: caseSubject(type, `${String(contact['FirstName'])} ${String(contact['LastName'])}`),
      Status: at(CASE_STATUSES, i),
      Origin: pick(CASE_ORIGINS, rnd),
      Type: type,
      Priority: pick(CASE_PRIORITIES, rnd),
      ContactId: contact.Id,
      AccountId: contactAccount[contactIndex] ?? null,
      OwnerId: at(employeeSfIds, i),
    });
  }

  return {
    okta: { users: [...customers, ...employees], groups, memberships },
    salesforce: {
      users: sfUsers,
      groups: [
        {
          Id: salesforceId('00G', 1),
          Name: 'Okta Deprovisioned Cases',
          DeveloperName: DEPROVISIONED_QUEUE_DEVELOPER_NAME,
          Type: 'Queue',
        },
        {
          Id: SIGN_UP_QUEUE_ID,
          Name: 'Okta Sign-ups',
          DeveloperName: SIGN_UP_QUEUE_DEVELOPER_NAME,
          Type: 'Queue',
        },
      ],
      queueSobjects: [
        { Id: salesforceId('03g', 1), QueueId: SIGN_UP_QUEUE_ID, SobjectType: 'Lead' },
      ],
      // The org's default Lead rule: Leads that carry an Okta user id go to the sign-up queue.
      assignmentRules: [
        {
          Id: LEAD_ASSIGNMENT_RULE_ID,
          Name: 'Okta sign-ups',
          SobjectType: 'Lead',
          Active: true,
          entries: [
            { field: 'Okta_User_Id__c', operator: 'notBlank', assigneeId: SIGN_UP_QUEUE_ID },
          ],
        },
      ],
      accounts,
      contacts,
      leads,
      opportunities,
      cases,
    },
  };
}

function groupDescription(name: (typeof SEED_GROUP_NAMES)[number]): string {
  switch (name) {
    case 'Sales - West':
      return 'Sales representatives, western territory';
    case 'Sales - East':
      return 'Sales representatives, eastern territory';
    case 'Support Tier 2':
      return 'Temporary access for escalated support cases';
    case 'Partner Portal':
      return 'Customers with access to the partner portal';
    case 'VIP Customers':
      return 'Customers with premium support';
    case 'Everyone':
      return 'All users in your organization';
    case 'Okta Administrators':
      return 'Super administrators of the Okta org (holds the SUPER_ADMIN role)';
  }
}

function caseSubject(type: string, contactName: string): string {
  switch (type) {
    case 'Termination':
      return `Terminate access for ${contactName}`;
    case 'Access Issue':
      return `${contactName} cannot sign in`;
    default:
      return `${type} from ${contactName}`;
  }
}
