import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordChange, WriteContext } from './change-events.js';
import { RecordSaveError } from './errors.js';
import { keyPrefixOf, normalizeId } from './ids.js';
import type { ObjectDef } from './schema/types.js';
import type { RecordInput } from './store/record-input.js';
import type { DmlEngine } from './store/dml-engine.js';
import type { RecordStore, Row } from './store/record-store.js';
import { Transaction } from './store/record-store.js';

/**
 * Lead conversion as `Database.convertLead` (and the SOAP `convertLead` call) does it: in one
 * transaction the Lead's Account is found or created (Name from Company), its Contact is
 * created (or an existing one of that Account is given the Lead's values where it has none),
 * the custom Lead fields LeadConvertSettings maps are copied, and the Lead becomes read-only:
 * IsConverted, the converted status, ConvertedDate, ConvertedAccountId and ConvertedContactId.
 * No Opportunity is created (doNotCreateOpportunity). Change events follow for all three.
 */

export interface LeadConvertMapping {
  readonly inputField: string;
  readonly outputObject: 'Account' | 'Contact' | 'Opportunity';
  readonly outputField: string;
}

export interface LeadConvertRequest {
  readonly leadId: string;
  /** A LeadStatus whose IsConverted is true (required, as in the API). */
  readonly convertedStatus: string;
  readonly accountId?: string | undefined;
  readonly contactId?: string | undefined;
  /** Owner of the new records; required when a queue owns the Lead. */
  readonly ownerId?: string | undefined;
}

export interface LeadConvertResult {
  readonly leadId: string;
  readonly accountId: string;
  readonly contactId: string;
}

/** The standard Lead → Contact field mapping of conversion. */
const STANDARD_CONTACT_FIELDS = [
  'FirstName',
  'LastName',
  'Title',
  'Email',
  'Phone',
  'MobilePhone',
  'LeadSource',
  'Description',
];

const tag = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`, 'g'))].map((m) => m[1] ?? '');

/** Reads force-app `LeadConvertSettings/*.LeadConvertSetting-meta.xml`; none without force-app. */
export function readLeadConvertMappings(forceAppDir: string | undefined): LeadConvertMapping[] {
  const dir = forceAppDir ? join(forceAppDir, 'LeadConvertSettings') : undefined;
  if (!dir || !existsSync(dir)) return [];
  const mappings: LeadConvertMapping[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.LeadConvertSetting-meta.xml'))) {
    const xml = readFileSync(join(dir, file), 'utf8');
    for (const block of xml.match(/<objectMapping>[\s\S]*?<\/objectMapping>/g) ?? []) {
      const outputObject = tag(block, 'outputObject')[0];
      if (
        outputObject !== 'Account' &&
        outputObject !== 'Contact' &&
        outputObject !== 'Opportunity'
      )
        continue;
      for (const pair of block.match(/<mappingFields>[\s\S]*?<\/mappingFields>/g) ?? []) {
        const inputField = tag(pair, 'inputField')[0];
        const outputField = tag(pair, 'outputField')[0];
        if (inputField && outputField) mappings.push({ inputField, outputObject, outputField });
      }
    }
  }
  return mappings;
}

export interface ConversionOrg {
  readonly store: RecordStore;
  readonly engine: DmlEngine;
  readonly leadConvertMappings: readonly LeadConvertMapping[];
  defOf(name: string): ObjectDef;
  convertedStatuses(): ReadonlySet<string>;
  commit(context: WriteContext, changes: readonly RecordChange[]): void;
}

const fail = (statusCode: string, message: string, fields: string[] = []): never => {
  throw RecordSaveError.of(statusCode, message, fields);
};

function input(values: Record<string, unknown>): RecordInput {
  return {
    values: new Map(Object.entries(values).filter(([, v]) => v !== null && v !== undefined)),
    foreignKeys: [],
    hasId: false,
  };
}

function liveRow(org: ConversionOrg, objectName: string, id: string | undefined): Row | undefined {
  const normal = id ? normalizeId(id) : undefined;
  const row = normal ? org.store.mustTable(objectName).rows.get(normal) : undefined;
  return row && row['IsDeleted'] !== true ? row : undefined;
}

/** Converts one Lead as `context.userId`; throws RecordSaveError with the platform's codes. */
export function convertLead(
  org: ConversionOrg,
  context: WriteContext,
  request: LeadConvertRequest,
): LeadConvertResult {
  const lead = liveRow(org, 'Lead', request.leadId);
  if (!lead) return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['Id']);
  const leadId = String(lead['Id']);
  if (lead['IsConverted'] === true) {
    return fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
  }
  if (request.contactId && !request.accountId) {
    return fail('REQUIRED_FIELD_MISSING', 'an accountId is required when a contactId is given', [
      'AccountId',
    ]);
  }
  if (!org.convertedStatuses().has(request.convertedStatus)) {
    return fail('INVALID_STATUS', `invalid convertedStatus: ${request.convertedStatus}`, [
      'Status',
    ]);
  }
  const ownerId = request.ownerId ? normalizeId(request.ownerId) : String(lead['OwnerId'] ?? '');
  if (!ownerId || keyPrefixOf(ownerId) !== '005' || !liveRow(org, 'User', ownerId)) {
    return fail(
      'FIELD_INTEGRITY_EXCEPTION',
      'Converted objects can only be owned by users. If the lead is not owned by a user, you must specify a user for the Owner field.',
      ['OwnerId'],
    );
  }
  const mapped = (object: LeadConvertMapping['outputObject']) =>
    Object.fromEntries(
      org.leadConvertMappings
        .filter((m) => m.outputObject === object)
        .map((m) => [m.outputField, lead[m.inputField] ?? null]),
    );

  const tx = new Transaction();
  const changes: RecordChange[] = [];
  try {
    let accountId = request.accountId ? normalizeId(request.accountId) : undefined;
    if (request.accountId && !liveRow(org, 'Account', accountId)) {
      fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AccountId']);
    }
    if (!accountId) {
      const created = org.engine.create(
        org.defOf('Account'),
        input({ Name: lead['Company'], OwnerId: ownerId, ...mapped('Account') }),
        context.userId,
        tx,
      );
      accountId = created.id;
      changes.push(created.change);
    }

    const leadValues: Record<string, unknown> = {
      ...Object.fromEntries(STANDARD_CONTACT_FIELDS.map((f) => [f, lead[f] ?? null])),
      ...mapped('Contact'),
    };
    let contactId: string;
    if (request.contactId) {
      const contact = liveRow(org, 'Contact', request.contactId);
      if (!contact)
        fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['ContactId']);
      const existing = contact as Row;
      if (existing['AccountId'] !== accountId) {
        fail(
          'FIELD_INTEGRITY_EXCEPTION',
          'The contact must be associated with the account you are converting the lead into.',
          ['ContactId'],
        );
      }
      // An existing Contact keeps its values; the Lead only fills what it lacks.
      const blanks = Object.fromEntries(
        Object.entries(leadValues).filter(
          ([field]) => existing[field] === null || existing[field] === undefined,
        ),
      );
      contactId = String(existing['Id']);
      const updated = org.engine.update(
        org.defOf('Contact'),
        contactId,
        input(blanks),
        context.userId,
        tx,
      );
      changes.push(updated.change);
    } else {
      const created = org.engine.create(
        org.defOf('Contact'),
        input({ ...leadValues, AccountId: accountId, OwnerId: ownerId }),
        context.userId,
        tx,
      );
      contactId = created.id;
      changes.push(created.change);
    }

    // The Lead's conversion fields cannot be written through the API: only conversion sets them.
    const now = org.engine.now();
    const leadTable = org.store.mustTable('Lead');
    const leadChange: Record<string, unknown> = {
      Status: request.convertedStatus,
      IsConverted: true,
      ConvertedDate: now.slice(0, 10),
      ConvertedAccountId: accountId,
      ConvertedContactId: contactId,
      LastModifiedDate: now,
      LastModifiedById: context.userId,
    };
    org.store.put(leadTable, leadId, { ...lead, ...leadChange, SystemModstamp: now }, tx);
    changes.push({
      entityName: 'Lead',
      changeType: 'UPDATE',
      recordId: leadId,
      fields: leadChange,
    });
    org.commit(context, changes);
    return { leadId, accountId, contactId };
  } catch (error) {
    tx.rollback();
    throw error;
  }
}
