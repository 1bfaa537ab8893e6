import { deepFreeze, previewRequest } from './transport';

/** Each value a wired Apex method emitted → its adapter, so refreshApex(value) can refetch. */
const adapterOfValue = new WeakMap();

function callApex(className, methodName, params) {
  return previewRequest(`/preview-api/apex/${className}.${methodName}`, {
    method: 'POST',
    body: params ?? {},
  }).then((answer) => answer?.returnValue ?? null);
}

/**
 * `@salesforce/apex/<Class>.<method>`: call it imperatively with a params object, or wire it.
 * @param {string} className
 * @param {string} methodName
 */
export function apexMethod(className, methodName) {
  const invoke = (params) => callApex(className, methodName, params);

  class ApexWireAdapter {
    constructor(dataCallback) {
      this.dataCallback = dataCallback;
      this.config = undefined;
      this.sequence = 0;
      // Wired values start empty, as Lightning Data Service provisions them.
      dataCallback({ data: undefined, error: undefined });
    }

    update(config) {
      this.config = { ...config };
      this.fetch();
    }

    connect() {}

    disconnect() {
      this.sequence += 1;
    }

    fetch() {
      const sequence = ++this.sequence;
      return invoke(this.config).then(
        (data) => this.emit(sequence, { data: deepFreeze(data), error: undefined }),
        (error) => this.emit(sequence, { data: undefined, error }),
      );
    }

    emit(sequence, value) {
      if (sequence !== this.sequence) {
        return;
      }
      adapterOfValue.set(value, this);
      this.dataCallback(value);
    }
  }

  invoke.adapter = ApexWireAdapter;
  return invoke;
}

/** Refetches the Apex method that emitted `wiredValue`. */
export function refreshApex(wiredValue) {
  const adapter = wiredValue ? adapterOfValue.get(wiredValue) : undefined;
  return adapter ? adapter.fetch() : Promise.resolve();
}

export function getSObjectValue(record, field) {
  const name = typeof field === 'string' ? field : field?.fieldApiName;
  return name ? record?.[name] : undefined;
}
