import { soqlString } from './salesforce-rest.mjs';
import { to18 } from './salesforce-ids.mjs';

/**
 * What each record page shows: the highlights, the details and the component in the sidebar,
 * the records the page can switch to, and the record it opens by default (one the component
 * has something to show for: a Contact linked to Okta, an open Case whose Contact is linked).
 *
 * @typedef {{ path: string, label: string }} FieldSpec
 * @typedef {{
 *   page: string, objectApiName: string, objectLabel: string, icon: string, component: string,
 *   title: (record: any) => string, highlights: FieldSpec[], details: FieldSpec[],
 *   pickerSoql: string, pickerLabel: (record: any) => string, isDefault: (record: any) => boolean,
 * }} RecordPageSpec
 */

/** @type {Record<'contact' | 'case', RecordPageSpec>} */
export const RECORD_PAGES = {
  contact: {
    page: 'contact',
    objectApiName: 'Contact',
    objectLabel: 'Contact',
    icon: 'contact',
    component: 'c-okta-contact-status',
    title: (r) => r.Name ?? r.Id,
    highlights: [
      { path: 'Title', label: 'Title' },
      { path: 'Account.Name', label: 'Account Name' },
      { path: 'Email', label: 'Email' },
      { path: 'Phone', label: 'Phone' },
    ],
    details: [
      { path: 'Name', label: 'Name' },
      { path: 'Account.Name', label: 'Account Name' },
      { path: 'Title', label: 'Title' },
      { path: 'Department', label: 'Department' },
      { path: 'Email', label: 'Email' },
      { path: 'Phone', label: 'Phone' },
      { path: 'MobilePhone', label: 'Mobile' },
      { path: 'Okta_Login__c', label: 'Okta Login' },
      { path: 'Okta_User_Id__c', label: 'Okta User Id' },
      { path: 'Okta_Status__c', label: 'Okta Status' },
    ],
    pickerSoql:
      'SELECT Id, Name, Okta_User_Id__c, Okta_Status__c FROM Contact ORDER BY Name LIMIT 200',
    pickerLabel: (r) => `${r.Name}${r.Okta_User_Id__c ? '' : ' (not linked to Okta)'}`,
    isDefault: (r) => !!r.Okta_User_Id__c && r.Okta_Status__c === 'ACTIVE',
  },
  case: {
    page: 'case',
    objectApiName: 'Case',
    objectLabel: 'Case',
    icon: 'case',
    component: 'c-okta-case-access',
    title: (r) => `${r.CaseNumber ?? ''} ${r.Subject ?? ''}`.trim(),
    highlights: [
      { path: 'Status', label: 'Status' },
      { path: 'Priority', label: 'Priority' },
      { path: 'Type', label: 'Type' },
      { path: 'Contact.Name', label: 'Contact Name' },
    ],
    details: [
      { path: 'CaseNumber', label: 'Case Number' },
      { path: 'Status', label: 'Status' },
      { path: 'Subject', label: 'Subject' },
      { path: 'Priority', label: 'Priority' },
      { path: 'Type', label: 'Type' },
      { path: 'Origin', label: 'Case Origin' },
      { path: 'Contact.Name', label: 'Contact Name' },
      { path: 'Account.Name', label: 'Account Name' },
      { path: 'Contact.Email', label: 'Contact Email' },
      { path: 'Description', label: 'Description' },
    ],
    pickerSoql:
      'SELECT Id, CaseNumber, Subject, Status, Contact.Okta_User_Id__c FROM Case ORDER BY CaseNumber LIMIT 200',
    pickerLabel: (r) => `${r.CaseNumber} · ${r.Subject}${r.Status === 'Closed' ? ' (closed)' : ''}`,
    isDefault: (r) => r.Status !== 'Closed' && !!r.Contact?.Okta_User_Id__c,
  },
};

/** A value at a path of a REST record (Account.Name → record.Account.Name). */
export function valueAt(/** @type {any} */ record, /** @type {string} */ path) {
  return path.split('.').reduce((value, part) => (value == null ? undefined : value[part]), record);
}

/**
 * @param {RecordPageSpec} spec
 * @param {{ query: (soql: string) => Promise<any[]>, describe: (name: string) => Promise<any> }} salesforce
 */
async function selectableFields(spec, salesforce) {
  const paths = [...new Set([...spec.highlights, ...spec.details].map((f) => f.path))];
  /** @type {string[]} */
  const known = [];
  for (const path of paths) {
    const parts = path.split('.');
    let object = spec.objectApiName;
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const describe = await salesforce.describe(object);
      const name = String(parts[i]).toLowerCase();
      if (i === parts.length - 1)
        ok = describe.fields.some((/** @type {any} */ f) => f.name.toLowerCase() === name);
      else {
        const ref = describe.fields.find(
          (/** @type {any} */ f) => String(f.relationshipName ?? '').toLowerCase() === name,
        );
        ok = !!ref?.referenceTo?.[0];
        object = ref?.referenceTo?.[0];
      }
    }
    if (ok) known.push(path);
  }
  return known;
}

/**
 * The page's record (the given one, or the default) with its fields, and the picker's records.
 * @param {RecordPageSpec} spec
 * @param {{ query: (soql: string) => Promise<any[]>, describe: (name: string) => Promise<any> }} salesforce
 * @param {string | undefined} requestedId
 */
export async function loadRecordPage(spec, salesforce, requestedId) {
  const candidates = await salesforce.query(spec.pickerSoql);
  const id = requestedId ?? (candidates.find(spec.isDefault) ?? candidates[0])?.Id;
  if (!id) return undefined;
  const fields = await selectableFields(spec, salesforce);
  const [record] = await salesforce.query(
    `SELECT Id, ${fields.join(', ')} FROM ${spec.objectApiName} WHERE Id = ${soqlString(id)} LIMIT 1`,
  );
  if (!record) return undefined;
  const view = (/** @type {FieldSpec[]} */ specs) =>
    specs
      .filter((f) => fields.includes(f.path))
      .map((f) => ({ label: f.label, value: valueAt(record, f.path) }));
  const recordId = to18(record.Id);
  const picker = candidates.map((r) => ({ id: to18(r.Id), label: spec.pickerLabel(r) }));
  if (!picker.some((option) => option.id === recordId)) {
    picker.unshift({ id: recordId, label: spec.title(record) });
  }
  return {
    page: spec.page,
    objectApiName: spec.objectApiName,
    objectLabel: spec.objectLabel,
    icon: spec.icon,
    component: spec.component,
    title: spec.title(record),
    recordId,
    highlights: view(spec.highlights),
    details: view(spec.details),
    picker,
  };
}
