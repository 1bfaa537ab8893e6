import { randomInt, randomUUID } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A 20-character Okta object id: a 3-character type prefix (00u, 00g, who, …) + 17 base62 chars. */
export function oktaId(prefix: string): string {
  let id = prefix;
  while (id.length < 20) id += BASE62[randomInt(62)];
  return id;
}

/** Okta request ids and transaction ids look like `XkTLmH0cYaBnsnZdK5w5ZgAAA7U`. */
export function requestId(): string {
  let id = '';
  while (id.length < 23) id += BASE62[randomInt(62)];
  return `${id}AAAA`;
}

export function uuid(): string {
  return randomUUID();
}
