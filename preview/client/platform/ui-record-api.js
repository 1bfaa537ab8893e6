import { deepFreeze, previewRequest } from './transport';

/** Live getRecord adapters, refetched when a record is said to have changed. */
const liveAdapters = new Set();

/** 'Contact.Okta_Status__c' from a schema import or a string. */
function qualifiedName(field) {
  if (typeof field === 'string') {
    return field;
  }
  if (field?.objectApiName && field?.fieldApiName) {
    return `${field.objectApiName}.${field.fieldApiName}`;
  }
  return undefined;
}

function namesOf(fields) {
  return (Array.isArray(fields) ? fields : fields ? [fields] : [])
    .map(qualifiedName)
    .filter(Boolean);
}

/** `getRecord`: the record's fields in the UI API shape, from the emulated org. */
export class getRecord {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.config = undefined;
    this.sequence = 0;
    // Wired values start empty, as Lightning Data Service provisions them.
    dataCallback({ data: undefined, error: undefined });
  }

  update(config) {
    this.config = config;
    this.fetch();
  }

  connect() {
    liveAdapters.add(this);
  }

  disconnect() {
    liveAdapters.delete(this);
    this.sequence += 1;
  }

  fetch() {
    const recordId = this.config?.recordId;
    if (!recordId) {
      return Promise.resolve();
    }
    const query = new URLSearchParams();
    const fields = namesOf(this.config.fields);
    const optionalFields = namesOf(this.config.optionalFields);
    if (fields.length) {
      query.set('fields', fields.join(','));
    }
    if (optionalFields.length) {
      query.set('optionalFields', optionalFields.join(','));
    }
    const sequence = ++this.sequence;
    return previewRequest(
      `/preview-api/ui-api/records/${encodeURIComponent(recordId)}?${query}`,
    ).then(
      (data) => this.emit(sequence, { data: deepFreeze(data), error: undefined }),
      (error) => this.emit(sequence, { data: undefined, error }),
    );
  }

  emit(sequence, value) {
    if (sequence === this.sequence) {
      this.dataCallback(value);
    }
  }
}

function fieldOf(record, field) {
  const name = qualifiedName(field);
  if (!record || !name) {
    return undefined;
  }
  const path = name.split('.');
  if (path[0] === record.apiName) {
    path.shift();
  }
  let current = record;
  for (let i = 0; i < path.length; i += 1) {
    const entry = current?.fields?.[path[i]];
    if (entry === undefined) {
      return undefined;
    }
    if (i === path.length - 1) {
      return entry;
    }
    current = entry.value;
  }
  return undefined;
}

export function getFieldValue(record, field) {
  return fieldOf(record, field)?.value;
}

export function getFieldDisplayValue(record, field) {
  return fieldOf(record, field)?.displayValue;
}

/** Tells the live getRecord adapters of these records to read them again. */
export function notifyRecordUpdateAvailable(recordIdentifiers) {
  const ids = new Set((recordIdentifiers ?? []).map((entry) => entry?.recordId).filter(Boolean));
  const refreshes = [...liveAdapters]
    .filter((adapter) => ids.has(adapter.config?.recordId))
    .map((adapter) => adapter.fetch());
  return Promise.all(refreshes).then(() => undefined);
}

export function getRecordNotifyChange(recordIdentifiers) {
  notifyRecordUpdateAvailable(recordIdentifiers);
}
