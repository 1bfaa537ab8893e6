/**
 * A small REST client of the (emulated) Salesforce org for the preview server: OAuth client
 * credentials, SOQL with every page, describes. The token never leaves the server.
 */

export class SalesforceRestError extends Error {
  /**
   * @param {number} status
   * @param {{ message?: string, errorCode?: string }[]} errors Salesforce's error list
   */
  constructor(status, errors) {
    super(
      errors
        .map((e) => e.message)
        .filter(Boolean)
        .join(' ') || `Salesforce answered HTTP ${status}.`,
    );
    this.name = 'SalesforceRestError';
    this.status = status;
    this.errors = errors;
  }
}

/**
 * @typedef {object} SalesforceRest
 * @property {(soql: string) => Promise<Record<string, any>[]>} query every record of a query
 * @property {(objectApiName: string) => Promise<any>} describe the object's describe (cached)
 * @property {() => Promise<any[]>} describeGlobal the org's objects (cached)
 * @property {(path: string, init?: { method?: string, body?: unknown }) => Promise<any>} request
 * @property {() => Promise<string>} tokenUserId the User the OAuth token runs as
 */

/**
 * @param {{ url: string, clientId: string, clientSecret: string, apiVersion?: string }} options
 * @returns {SalesforceRest}
 */
export function salesforceRest(options) {
  const apiVersion = options.apiVersion ?? '62.0';
  /** @type {Promise<{ accessToken: string, instanceUrl: string, userId: string }> | undefined} */
  let session;
  /** @type {Map<string, Promise<any>>} */
  const describes = new Map();
  /** @type {Promise<any[]> | undefined} */
  let globalDescribe;

  async function authorize() {
    const response = await fetch(new URL('/services/oauth2/token', options.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.clientId,
        client_secret: options.clientSecret,
      }),
    });
    const body = /** @type {any} */ (await response.json().catch(() => ({})));
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new SalesforceRestError(response.status, [
        {
          errorCode: body.error,
          message: `Salesforce refused the preview's OAuth client: ${body.error_description ?? body.error ?? response.status}.`,
        },
      ]);
    }
    return {
      accessToken: body.access_token,
      instanceUrl: String(body.instance_url ?? options.url),
      userId:
        String(body.id ?? '')
          .split('/')
          .pop() ?? '',
    };
  }

  function currentSession() {
    session ??= authorize().catch((error) => {
      session = undefined;
      throw error;
    });
    return session;
  }

  /** @type {SalesforceRest['request']} */
  async function request(path, init = {}, retried = false) {
    const { accessToken, instanceUrl } = await currentSession();
    const response = await fetch(new URL(path, instanceUrl), {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (response.status === 401 && !retried) {
      session = undefined;
      return request(path, init, true);
    }
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      throw new SalesforceRestError(response.status, Array.isArray(body) ? body : [body ?? {}]);
    }
    return body;
  }

  const data = (/** @type {string} */ path) => `/services/data/v${apiVersion}${path}`;

  return {
    request,
    async query(soql) {
      /** @type {Record<string, any>[]} */
      const records = [];
      let page = await request(data(`/query?q=${encodeURIComponent(soql)}`));
      records.push(...page.records);
      while (!page.done && page.nextRecordsUrl) {
        page = await request(page.nextRecordsUrl);
        records.push(...page.records);
      }
      return records;
    },
    describe(objectApiName) {
      const key = objectApiName.toLowerCase();
      let described = describes.get(key);
      if (!described) {
        described = request(data(`/sobjects/${encodeURIComponent(objectApiName)}/describe`));
        described.catch(() => describes.delete(key));
        describes.set(key, described);
      }
      return described;
    },
    describeGlobal() {
      globalDescribe ??= request(data('/sobjects')).then((body) => body.sobjects);
      globalDescribe.catch(() => {
        globalDescribe = undefined;
      });
      return globalDescribe;
    },
    async tokenUserId() {
      return (await currentSession()).userId;
    },
  };
}

/** A SOQL string literal. */
export function soqlString(/** @type {string} */ value) {
  return `'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
