import { z } from 'zod';
import { ScimError } from './scim-errors.js';
import { SCIM } from './scim-schemas.js';

/**
 * PATCH (RFC 7644 §3.5.2) over a resource held as plain JSON, in the shapes Okta and other
 * provisioning clients send: `replace` with a `path` (`active`, `name.givenName`,
 * `emails[type eq "work"].value`, an extension attribute by its URN) or without one (a value
 * object whose keys are attributes or paths, e.g. `{"active": false}`); `add` of multi-valued
 * attributes (Group Push's `members`); `remove` by path or by value filter
 * (`members[value eq "…"]`). Attribute names are matched case-insensitively. Pure.
 */

export const patchRequestSchema = z
  .object({
    schemas: z.array(z.string()).optional(),
    Operations: z
      .array(
        z
          .object({
            op: z
              .string()
              .transform((op) => op.toLowerCase())
              .pipe(z.enum(['add', 'remove', 'replace'])),
            path: z.string().trim().min(1).max(512).optional(),
            value: z.unknown().optional(),
          })
          .loose(),
      )
      .min(1, 'Operations must not be empty')
      .max(1000),
  })
  .loose();

export type PatchRequest = z.infer<typeof patchRequestSchema>;
export type PatchOperation = PatchRequest['Operations'][number];

type Json = Record<string, unknown>;

interface Condition {
  attribute: string;
  value: unknown;
}

interface ParsedPath {
  /** The extension schema the attribute belongs to, when the path names one. */
  urn?: string;
  attribute: string;
  filter?: Condition[];
  sub?: string;
}

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function keyOf(container: Json, name: string): string {
  const lower = name.toLowerCase();
  return Object.keys(container).find((k) => k.toLowerCase() === lower) ?? name;
}

const CONDITION =
  /^\s*([A-Za-z][\w.]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false|null|-?\d+(?:\.\d+)?))\s*$/i;

function parseFilter(text: string): Condition[] {
  return text.split(/\s+and\s+/i).map((part) => {
    const match = CONDITION.exec(part);
    if (!match) {
      throw ScimError.badRequest('invalidPath', 'Only "eq" value filters are supported in a path.');
    }
    const value =
      match[2] !== undefined
        ? (JSON.parse(`"${match[2]}"`) as string)
        : (JSON.parse(match[3] as string) as unknown);
    return { attribute: match[1] as string, value };
  });
}

/** Pure: reads a PATCH path against the schemas the resource may carry. */
export function parsePath(path: string, extensions: readonly string[]): ParsedPath {
  let rest = path;
  let urn: string | undefined;
  const lower = path.toLowerCase();
  for (const candidate of [...extensions, SCIM.user, SCIM.group]) {
    if (lower.startsWith(`${candidate.toLowerCase()}:`)) {
      rest = path.slice(candidate.length + 1);
      urn = extensions.includes(candidate) ? candidate : undefined;
      break;
    }
  }
  const match = /^([A-Za-z][\w-]*)(?:\[(.+)\])?(?:\.([A-Za-z][\w-]*))?$/.exec(rest);
  if (!match) throw ScimError.badRequest('invalidPath', 'The path is not a SCIM attribute path.');
  return {
    ...(urn ? { urn } : {}),
    attribute: match[1] as string,
    ...(match[2] !== undefined ? { filter: parseFilter(match[2]) } : {}),
    ...(match[3] !== undefined ? { sub: match[3] } : {}),
  };
}

function matches(element: unknown, filter: readonly Condition[]): boolean {
  if (!isObject(element)) return false;
  return filter.every((c) => {
    const actual = element[keyOf(element, c.attribute)];
    if (typeof actual === 'string' && typeof c.value === 'string') {
      return actual.toLowerCase() === c.value.toLowerCase();
    }
    if (typeof actual === 'string' && typeof c.value === 'boolean') {
      return actual.toLowerCase() === String(c.value);
    }
    return actual === c.value;
  });
}

function sameValue(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && 'value' in a && 'value' in b) return a['value'] === b['value'];
  return JSON.stringify(a) === JSON.stringify(b);
}

function containerFor(resource: Json, path: ParsedPath, create: boolean): Json | undefined {
  if (!path.urn) return resource;
  const key = keyOf(resource, path.urn);
  const existing = resource[key];
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const created: Json = {};
  resource[key] = created;
  return created;
}

function applyAt(
  resource: Json,
  op: 'add' | 'replace' | 'remove',
  path: ParsedPath,
  value: unknown,
) {
  const container = containerFor(resource, path, op !== 'remove');
  if (!container) return;
  const key = keyOf(container, path.attribute);
  const current = container[key];

  if (path.filter) {
    const list = Array.isArray(current) ? current : [];
    const hits = list.filter((element) => matches(element, path.filter as Condition[]));
    if (op === 'remove') {
      if (path.sub) {
        for (const hit of hits)
          if (isObject(hit)) Reflect.deleteProperty(hit, keyOf(hit, path.sub));
      } else {
        container[key] = list.filter((element) => !hits.includes(element));
      }
      return;
    }
    if (hits.length === 0) {
      // Clients set e.g. `emails[type eq "work"].value` on a user without a work email yet.
      const element: Json = Object.fromEntries(path.filter.map((c) => [c.attribute, c.value]));
      if (path.sub) element[path.sub] = value;
      else if (isObject(value)) Object.assign(element, value);
      container[key] = [...list, element];
      return;
    }
    for (const hit of hits) {
      if (!isObject(hit)) continue;
      if (path.sub) hit[keyOf(hit, path.sub)] = value;
      else if (isObject(value)) Object.assign(hit, value);
    }
    return;
  }

  if (path.sub) {
    if (op === 'remove') {
      if (isObject(current)) Reflect.deleteProperty(current, keyOf(current, path.sub));
      return;
    }
    const target = isObject(current) ? current : {};
    target[keyOf(target, path.sub)] = value;
    container[key] = target;
    return;
  }

  if (op === 'remove') {
    if (Array.isArray(current) && Array.isArray(value)) {
      // `{"op":"remove","path":"members","value":[{"value":"…"}]}` removes those members.
      container[key] = current.filter((element) => !value.some((v) => sameValue(element, v)));
    } else {
      Reflect.deleteProperty(container, key);
    }
    return;
  }
  if (Array.isArray(current) && op === 'add') {
    const additions = (Array.isArray(value) ? value : [value]).filter(
      (v) => !current.some((element) => sameValue(element, v)),
    );
    container[key] = [...current, ...additions];
    return;
  }
  if (isObject(current) && isObject(value)) {
    // A complex attribute: the given sub-attributes replace theirs, the others stay.
    container[key] = { ...current, ...value };
    return;
  }
  container[key] = value;
}

/** Pure: the resource after the operations, or a SCIM 400 naming the first bad one. */
export function applyPatch(
  resource: Json,
  operations: readonly PatchOperation[],
  extensions: readonly string[],
): Json {
  const result = structuredClone(resource);
  for (const operation of operations) {
    if (operation.path !== undefined) {
      applyAt(result, operation.op, parsePath(operation.path, extensions), operation.value);
      continue;
    }
    if (operation.op === 'remove') {
      throw ScimError.badRequest('noTarget', 'A remove operation needs a path.');
    }
    if (!isObject(operation.value)) {
      throw ScimError.badRequest(
        'invalidValue',
        'An operation without a path needs an object value.',
      );
    }
    for (const [name, value] of Object.entries(operation.value)) {
      const extension = extensions.find((urn) => urn.toLowerCase() === name.toLowerCase());
      if (extension && isObject(value)) {
        for (const [sub, subValue] of Object.entries(value)) {
          applyAt(result, operation.op, parsePath(`${extension}:${sub}`, extensions), subValue);
        }
        continue;
      }
      applyAt(result, operation.op, parsePath(name, extensions), value);
    }
  }
  return result;
}
