/**
 * Calls to the preview server, which talks to the emulated orgs and the companion on the
 * page's behalf (it holds their credentials; the page holds none). Failures take the shapes
 * Lightning gives components: `{ status, statusText, ok: false, body }`.
 */

/**
 * @param {string} path
 * @param {{ method?: string, body?: unknown }} [options]
 * @returns {Promise<any>}
 */
export async function previewRequest(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch (error) {
    throw failure(0, 'Network error', {
      message: `The preview server did not answer: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  const text = await response.text();
  let payload;
  try {
    payload = text ? JSON.parse(text) : undefined;
  } catch {
    payload = undefined;
  }
  if (!response.ok) {
    throw failure(
      response.status,
      response.statusText,
      payload?.body ?? { message: `The preview server answered HTTP ${response.status}.` },
    );
  }
  return payload;
}

function failure(status, statusText, body) {
  return { status, statusText, ok: false, headers: {}, body };
}

/** Freezes wired data as the platform does: components must copy before changing it. */
export function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}
