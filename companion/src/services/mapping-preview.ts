import { notFound } from '../errors/domain-errors.js';
import {
  describeIssues,
  FIELD_MAPPING_TYPE,
  fieldMappingRow,
  type FieldMappingRow,
} from '../mapping/config-rows.js';
import {
  validateMapping,
  writesOkta,
  writesSalesforce,
  type DescribeLookup,
} from '../mapping/mapping-validation.js';
import { OKTA_USER_ID_FIELD } from '../mapping/matching.js';
import { previewMapping, type MappingPreview } from '../mapping/preview.js';
import { soqlFieldName, soqlQuote } from '../mapping/soql-quote.js';
import type { ConfigProblem, FieldMapping, ObjectDescribe, SyncConfig } from '../mapping/types.js';
import { MAPPED_OBJECTS } from '../mapping/types.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import { readOktaUser } from './user-status.js';

export type QuerySalesforce = (soql: string) => Promise<Record<string, unknown>[]>;
export type DescribeObject = (objectName: string) => Promise<ObjectDescribe>;

/** Which objects proposed rows target (only the objects mappings may target). */
export function targetedObjects(rows: readonly unknown[]): string[] {
  const names = new Set<string>();
  for (const row of rows) {
    const value = (row as Record<string, unknown> | null)?.['Salesforce_Object__c'];
    const known = MAPPED_OBJECTS.find(
      (o) => typeof value === 'string' && o.toLowerCase() === value.trim().toLowerCase(),
    );
    if (known) names.add(known);
  }
  return [...names];
}

/**
 * Pure: proposed Okta_Field_Mapping__mdt rows → the mappings they make and every problem, as the
 * configuration loader judges saved rows (row schema, describe checks, one writer per target).
 */
export function parseProposedMappings(
  rows: readonly unknown[],
  describeOf: DescribeLookup,
): { mappings: FieldMapping[]; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const sourceOf = (name: string) => `${FIELD_MAPPING_TYPE}.${name}`;
  const parsed: FieldMappingRow[] = [];
  const seenNames = new Set<string>();
  rows.forEach((row, index) => {
    const rawName = (row as Record<string, unknown> | null)?.['DeveloperName'];
    const name = typeof rawName === 'string' && rawName !== '' ? rawName : `(row ${index + 1})`;
    const result = fieldMappingRow.safeParse(row);
    if (!result.success) {
      problems.push({ source: sourceOf(name), message: describeIssues(result.error).join('; ') });
      return;
    }
    if (seenNames.has(result.data.DeveloperName.toLowerCase())) {
      problems.push({ source: sourceOf(name), message: 'DeveloperName is used by another row' });
      return;
    }
    seenNames.add(result.data.DeveloperName.toLowerCase());
    if (result.data.Active__c) parsed.push(result.data);
  });
  parsed.sort((a, b) => a.DeveloperName.localeCompare(b.DeveloperName));

  const mappings: FieldMapping[] = [];
  const salesforceWriters = new Map<string, string>();
  const oktaWriters = new Map<string, string>();
  for (const row of parsed) {
    const result = validateMapping(row, describeOf);
    if (!result.ok) {
      problems.push({ source: sourceOf(row.DeveloperName), message: result.problems.join('; ') });
      continue;
    }
    const m = result.mapping;
    const target = `${m.objectName}.${m.field}`;
    const salesforceOwner = writesSalesforce(m)
      ? salesforceWriters.get(target.toLowerCase())
      : undefined;
    const oktaOwner = writesOkta(m) ? oktaWriters.get(m.oktaAttribute) : undefined;
    if (salesforceOwner ?? oktaOwner) {
      problems.push({
        source: sourceOf(m.name),
        message: `${salesforceOwner ? target : m.oktaAttribute} is already written by mapping ${salesforceOwner ?? oktaOwner}`,
      });
      continue;
    }
    if (writesSalesforce(m)) salesforceWriters.set(target.toLowerCase(), m.name);
    if (writesOkta(m)) oktaWriters.set(m.oktaAttribute, m.name);
    mappings.push(m);
  }
  return { mappings, problems };
}

async function describesFor(
  config: SyncConfig,
  objectNames: readonly string[],
  describeObject: DescribeObject | undefined,
): Promise<{ describes: Record<string, ObjectDescribe>; describeOf: DescribeLookup }> {
  const describes: Record<string, ObjectDescribe> = { ...config.describes };
  const failures = new Map<string, string>();
  for (const name of objectNames) {
    if (describes[name] || !describeObject) continue;
    try {
      describes[name] = await describeObject(name);
    } catch (error) {
      failures.set(name, error instanceof Error ? error.message : String(error));
    }
  }
  const describeOf: DescribeLookup = (name) => {
    const found = describes[name];
    if (found) return { describe: found };
    return {
      error: `${name} could not be described: ${failures.get(name) ?? 'no describe available'}`,
    };
  };
  return { describes, describeOf };
}

/** The Contact fields a preview compares, safe to put in SOQL. */
function contactFields(mappings: readonly FieldMapping[]): string[] {
  const fields = new Map<string, string>([
    ['id', 'Id'],
    [OKTA_USER_ID_FIELD.toLowerCase(), OKTA_USER_ID_FIELD],
  ]);
  for (const m of mappings) {
    if (m.objectName === 'Contact' && writesSalesforce(m)) {
      fields.set(m.field.toLowerCase(), soqlFieldName(m.field));
    }
  }
  return [...fields.values()];
}

export interface PreviewRequest {
  oktaUser?: string | undefined;
  contactId?: string | undefined;
  /** Proposed, unsaved rows; the saved mappings when absent. */
  mappings?: readonly unknown[] | undefined;
}

export interface PreviewAnswer {
  user: { id: string; login: string | null };
  contact: { id: string } | null;
  fields: MappingPreview['fields'];
  problems: ConfigProblem[];
  contactChanges: MappingPreview['contactChanges'];
  errors: MappingPreview['errors'];
}

/**
 * What the mappings (saved or proposed) would write for one Okta user, compared with the Contact
 * linked to that user (or the given Contact). Invalid proposed rows are reported, never thrown.
 */
export async function previewForRequest(
  deps: {
    okta: Pick<OktaGateway, 'getUser'>;
    config: SyncConfig;
    querySalesforce: QuerySalesforce;
    describeObject?: DescribeObject | undefined;
  },
  request: PreviewRequest,
): Promise<PreviewAnswer> {
  let mappings: FieldMapping[];
  let problems: ConfigProblem[];
  let describes: Record<string, ObjectDescribe>;
  if (request.mappings) {
    const resolved = await describesFor(
      deps.config,
      targetedObjects(request.mappings),
      deps.describeObject,
    );
    ({ mappings, problems } = parseProposedMappings(request.mappings, resolved.describeOf));
    describes = resolved.describes;
  } else {
    mappings = deps.config.mappings;
    problems = deps.config.problems.filter((p) => p.source.startsWith(`${FIELD_MAPPING_TYPE}.`));
    describes = deps.config.describes;
  }

  const select = `SELECT ${contactFields(mappings).join(', ')} FROM Contact`;
  let contact: Record<string, unknown> | undefined;
  let userRef: string;
  if (request.contactId !== undefined) {
    contact = (
      await deps.querySalesforce(`${select} WHERE Id = ${soqlQuote(request.contactId)} LIMIT 1`)
    )[0];
    if (!contact) throw notFound(`No Contact with id ${request.contactId}.`);
    const linked = contact[OKTA_USER_ID_FIELD];
    if (typeof linked !== 'string' || linked.trim() === '') {
      throw notFound(`The Contact ${request.contactId} is not linked to an Okta user.`);
    }
    userRef = linked;
  } else {
    userRef = request.oktaUser ?? '';
  }

  const user = await readOktaUser(deps.okta, userRef);
  if (!contact) {
    contact = (
      await deps.querySalesforce(
        `${select} WHERE ${OKTA_USER_ID_FIELD} = ${soqlQuote(user.id)} LIMIT 1`,
      )
    )[0];
  }
  const preview = previewMapping({ user, mappings, describes, currentContact: contact });
  const login = user.profile['login'];
  const contactRecordId = contact?.['Id'];
  return {
    user: { id: user.id, login: typeof login === 'string' ? login : null },
    contact: typeof contactRecordId === 'string' ? { id: contactRecordId } : null,
    fields: preview.fields,
    problems,
    contactChanges: preview.contactChanges,
    errors: preview.errors,
  };
}
