import { salesforceIdChecksum } from '../seed.js';

export { salesforceId, salesforceIdChecksum } from '../seed.js';

const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/** The 18-character form of a 15- or 18-character id; undefined when malformed or the checksum is wrong. */
export function normalizeId(value: string): string | undefined {
  if (!ID_SHAPE.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const id18 = id15 + salesforceIdChecksum(id15);
  if (value.length === 18 && value !== id18) return undefined;
  return id18;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}
