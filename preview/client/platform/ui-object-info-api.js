import { deepFreeze, previewRequest } from './transport';

function apiNameOf(objectApiName) {
  return typeof objectApiName === 'string' ? objectApiName : objectApiName?.objectApiName;
}

function objectInfo(objectApiName) {
  return previewRequest(`/preview-api/ui-api/object-info/${encodeURIComponent(objectApiName)}`);
}

class ObjectInfoAdapter {
  constructor(dataCallback) {
    this.dataCallback = dataCallback;
    this.sequence = 0;
    dataCallback({ data: undefined, error: undefined });
  }

  update(config) {
    const sequence = ++this.sequence;
    this.load(config).then(
      (data) =>
        sequence === this.sequence &&
        this.dataCallback({ data: deepFreeze(data), error: undefined }),
      (error) => sequence === this.sequence && this.dataCallback({ data: undefined, error }),
    );
  }

  connect() {}

  disconnect() {
    this.sequence += 1;
  }
}

/** `getObjectInfo({ objectApiName })`: the UI API object info of one object. */
export class getObjectInfo extends ObjectInfoAdapter {
  load(config) {
    const name = apiNameOf(config?.objectApiName);
    return name ? objectInfo(name) : Promise.reject(new Error('objectApiName is required'));
  }
}

/** `getObjectInfos({ objectApiNames })`: `{ results: [{ statusCode, result }] }`. */
export class getObjectInfos extends ObjectInfoAdapter {
  load(config) {
    const names = (config?.objectApiNames ?? []).map(apiNameOf);
    return Promise.all(
      names.map((name) =>
        objectInfo(name).then(
          (result) => ({ statusCode: 200, result }),
          (error) => ({ statusCode: error.status || 500, result: error.body }),
        ),
      ),
    ).then((results) => ({ results }));
  }
}
