/**
 * Lets a benchmark or test see every HTTP request an emulator answers (method, path, status),
 * e.g. to count API calls by endpoint. Wraps the emulator app's fetch; CometD long-polls,
 * served beside the app, are not seen.
 */

export interface ObservedRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  status: number;
}

export type RequestObserver = (request: ObservedRequest) => void;

type Fetch<Env> = (request: Request, env: Env) => Response | Promise<Response>;

export function observeRequests<Env>(
  fetch: Fetch<Env>,
  observer: RequestObserver | undefined,
): Fetch<Env> {
  if (!observer) return fetch;
  return async (request, env) => {
    const response = await fetch(request, env);
    observer({
      method: request.method,
      path: new URL(request.url).pathname,
      status: response.status,
    });
    return response;
  };
}
