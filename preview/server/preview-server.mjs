import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { AuraHandledError } from './apex-error.mjs';
import { invokeApex } from './apex-bindings.mjs';
import { companionApi } from './companion-api.mjs';
import { configDeployService } from './config-deploy.mjs';
import { homePage, problemPage, recordPage, setupPage } from './pages.mjs';
import { loadRecordPage, RECORD_PAGES } from './record-pages.mjs';
import { BUNDLE_DIR, REPO_ROOT, SLDS_ASSETS_DIR } from './repo-paths.mjs';
import { isSalesforceId } from './salesforce-ids.mjs';
import { salesforceRest, SalesforceRestError } from './salesforce-rest.mjs';
import { objectInfoOf, readUiRecord, UiApiError } from './ui-api.mjs';

/**
 * The preview server: the three pages, the component bundle and SLDS, and the endpoints the
 * page's platform adapters call (Apex, UI API). It alone holds the credentials of the
 * Salesforce org and the companion.
 *
 * @typedef {import('./config-deploy.mjs').MetadataDeployer} MetadataDeployer
 * @typedef {{
 *   salesforce: { url: string, clientId: string, clientSecret: string },
 *   companion: { url: string, secret: string },
 *   deployer: MetadataDeployer,
 *   bundleDir?: string,
 *   host?: string,
 *   port?: number,
 * }} PreviewServerOptions
 * @typedef {{ url: string, close(): Promise<void> }} PreviewServer
 */

const CONTENT_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};
const CLIENT_CSS = join(REPO_ROOT, 'preview/client/preview.css');
const MAX_BODY_BYTES = 1024 * 1024;
/** The page runs only its own script; LWC injects component styles. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

class HttpError extends Error {
  /** @param {number} status @param {string} message */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** @param {import('node:http').IncomingMessage} request @returns {Promise<unknown>} */
async function jsonBody(request) {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new HttpError(415, 'Send JSON (Content-Type: application/json).');
  }
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'The request body is too large.');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
}

/** A file under `root`, or undefined when the path would leave it. */
function fileUnder(/** @type {string} */ root, /** @type {string} */ relativePath) {
  const file = normalize(join(root, decodeURIComponent(relativePath)));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : undefined;
}

/** @param {PreviewServerOptions} options @returns {Promise<PreviewServer>} */
export async function startPreviewServer(options) {
  const bundleDir = options.bundleDir ?? BUNDLE_DIR;
  const salesforce = salesforceRest(options.salesforce);
  /** @type {Promise<string> | undefined} */
  let actingUser;
  // The preview acts as a person of the org (an employee with a Salesforce User), else as the
  // user of the OAuth client.
  const actingUserId = () => {
    actingUser ??= salesforce
      .query(
        'SELECT Id FROM User WHERE IsActive = true AND FederationIdentifier != null ORDER BY Username LIMIT 1',
      )
      .then(async ([user]) => String(user?.Id ?? (await salesforce.tokenUserId())));
    actingUser.catch(() => {
      actingUser = undefined;
    });
    return actingUser;
  };
  const companion = companionApi({ ...options.companion, actingUserId });
  const config = configDeployService({
    describer: salesforce,
    query: (soql) => salesforce.query(soql),
    deployer: options.deployer,
    reloadConfig: () => companion.json('POST', 'config/reload', {}),
  });
  const apexContext = { salesforce, companion, config };

  /** @type {Set<string>} */
  let allowedHosts = new Set();

  /** @param {import('node:http').ServerResponse} response @param {number} status @param {string} type @param {string | Buffer} body */
  function send(response, status, type, body, extra = {}) {
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...extra,
    });
    response.end(body);
  }
  /** @param {import('node:http').ServerResponse} response @param {number} status @param {unknown} value */
  const sendJson = (response, status, value) =>
    send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
  /** @param {import('node:http').ServerResponse} response @param {number} status @param {string} html */
  const sendHtml = (response, status, html) =>
    send(response, status, 'text/html; charset=utf-8', html, {
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });

  /** @param {import('node:http').ServerResponse} response @param {string} file */
  async function sendFile(response, file) {
    try {
      const body = await readFile(file);
      send(
        response,
        200,
        CONTENT_TYPES[/** @type {keyof typeof CONTENT_TYPES} */ (extname(file))] ??
          'application/octet-stream',
        body,
      );
    } catch {
      throw new HttpError(404, 'Not found.');
    }
  }

  /** @param {string} page @param {URL} url @param {import('node:http').ServerResponse} response */
  async function serveRecordPage(page, url, response) {
    const spec = RECORD_PAGES[/** @type {'contact' | 'case'} */ (page)];
    const requested = url.searchParams.get('id') ?? undefined;
    if (requested !== undefined && !isSalesforceId(requested)) {
      return sendHtml(
        response,
        400,
        problemPage({
          title: 'Not a record id',
          message: `"${requested}" is not a Salesforce record id.`,
          page,
        }),
      );
    }
    const view = await loadRecordPage(spec, salesforce, requested);
    if (!view) {
      return sendHtml(
        response,
        404,
        problemPage({
          title: `${spec.objectLabel} not found`,
          message: `The sandbox has no ${spec.objectLabel} ${requested ?? ''}.`,
          page,
        }),
      );
    }
    return sendHtml(response, 200, recordPage({ ...view, userId: await actingUserId() }));
  }

  /** @param {import('node:http').IncomingMessage} request @param {import('node:http').ServerResponse} response */
  async function route(request, response) {
    const url = new URL(`http://preview.invalid${request.url ?? '/'}`);
    const method = request.method ?? 'GET';
    const path = url.pathname;

    if (method === 'POST' && path.startsWith('/preview-api/apex/')) {
      const name = decodeURIComponent(path.slice('/preview-api/apex/'.length));
      const args = await jsonBody(request);
      try {
        const value = await invokeApex(
          name,
          /** @type {Record<string, unknown>} */ (args ?? {}),
          apexContext,
        );
        return sendJson(response, 200, { returnValue: value ?? null });
      } catch (error) {
        if (error instanceof AuraHandledError) {
          return sendJson(response, 400, {
            body: {
              message: error.message,
              exceptionType: 'System.AuraHandledException',
              isUserDefinedException: false,
              stackTrace: '',
            },
          });
        }
        throw error;
      }
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'Method not allowed.');

    const recordMatch = /^\/preview-api\/ui-api\/records\/([^/]+)$/.exec(path);
    if (recordMatch) {
      const list = (/** @type {string} */ name) =>
        (url.searchParams.get(name) ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      const record = await readUiRecord(salesforce, {
        recordId: decodeURIComponent(recordMatch[1] ?? ''),
        fields: list('fields'),
        optionalFields: list('optionalFields'),
      });
      return sendJson(response, 200, record);
    }
    const infoMatch = /^\/preview-api\/ui-api\/object-info\/([A-Za-z0-9_]+)$/.exec(path);
    if (infoMatch) {
      try {
        return sendJson(response, 200, objectInfoOf(await salesforce.describe(infoMatch[1] ?? '')));
      } catch (error) {
        if (error instanceof SalesforceRestError && error.status === 404) {
          throw new UiApiError(404, 'NOT_FOUND', `The object ${infoMatch[1]} does not exist.`);
        }
        throw error;
      }
    }

    if (path === '/preview.js') return sendFile(response, join(bundleDir, 'preview.js'));
    if (path === '/preview.css') return sendFile(response, CLIENT_CSS);
    if (path.startsWith('/assets/')) {
      const file = fileUnder(SLDS_ASSETS_DIR, path.slice('/assets/'.length));
      if (!file) throw new HttpError(404, 'Not found.');
      return sendFile(response, file);
    }
    if (path === '/favicon.ico') return send(response, 204, 'image/x-icon', '');
    if (path === '/setup')
      return sendHtml(response, 200, setupPage({ userId: await actingUserId() }));
    if (path === '/contact' || path === '/case')
      return serveRecordPage(path.slice(1), url, response);
    if (path === '/') {
      return sendHtml(
        response,
        200,
        homePage({ contactHref: '/contact', caseHref: '/case', userId: await actingUserId() }),
      );
    }
    throw new HttpError(404, 'Not found.');
  }

  const server = createServer((request, response) => {
    // Only this machine's own addresses: a page elsewhere cannot reach the preview by DNS tricks.
    if (!allowedHosts.has(String(request.headers.host ?? ''))) {
      send(response, 421, 'text/plain; charset=utf-8', 'Unknown host.');
      return;
    }
    route(request, response).catch((error) => {
      const wantsHtml = !String(request.url ?? '').startsWith('/preview-api/');
      if (error instanceof UiApiError)
        return sendJson(response, error.status, { body: error.body });
      if (error instanceof HttpError) {
        return wantsHtml
          ? sendHtml(
              response,
              error.status,
              problemPage({ title: 'Not found', message: error.message }),
            )
          : sendJson(response, error.status, { body: { message: error.message } });
      }
      const message = reachabilityMessage(error, options);
      if (wantsHtml)
        return sendHtml(
          response,
          502,
          problemPage({ title: 'The sandbox did not answer', message }),
        );
      return sendJson(response, 500, {
        body: { message, exceptionType: 'System.CalloutException', isUserDefinedException: false },
      });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  allowedHosts = new Set([`127.0.0.1:${address.port}`, `localhost:${address.port}`]);
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A readable sentence for a failure to reach the org (the usual cause: npm start not running). */
function reachabilityMessage(
  /** @type {unknown} */ error,
  /** @type {PreviewServerOptions} */ options,
) {
  if (error instanceof SalesforceRestError) return error.message;
  const cause =
    error instanceof Error && error.cause instanceof Error
      ? error.cause.message
      : error instanceof Error
        ? error.message
        : String(error);
  if (/ECONNREFUSED|fetch failed/.test(cause + String(error))) {
    return `The emulated Salesforce org at ${options.salesforce.url} did not answer (${cause}). Start the sandbox with \`npm start\`, then reload.`;
  }
  return `The preview could not complete the request: ${cause}`;
}
