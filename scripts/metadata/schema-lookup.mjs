// Answers "does this object / field / relationship path exist?" over the metadata index.

/**
 * @param {import('./metadata-index.mjs').MetadataIndex} index
 * @param {string} name
 * @returns {import('./metadata-index.mjs').ObjectInfo | undefined}
 */
export function knownObject(index, name) {
  const entry = index.objects.get(name.toLowerCase());
  return entry?.known ? entry : undefined;
}

/**
 * A sentence saying why an object is unknown.
 * @param {import('./metadata-index.mjs').MetadataIndex} index
 * @param {string} name
 */
export function unknownObjectMessage(index, name) {
  const entry = index.objects.get(name.toLowerCase());
  if (entry && entry.kind !== 'standard') {
    return `object ${name} has fields in the project but no ${name}.object-meta.xml`;
  }
  if (entry?.kind === 'standard' || /^[A-Za-z][A-Za-z0-9]*$/.test(name)) {
    return index.standardSchema.found
      ? `object ${name} is neither defined in the project nor described in ${schemaName(index)}`
      : `object ${name} is not defined in the project (no standard schema file was found to check standard objects)`;
  }
  return `object ${name} is not defined in the project`;
}

/** @param {import('./metadata-index.mjs').MetadataIndex} index */
function schemaName(index) {
  return index.standardSchema.file.split('/').pop();
}

/**
 * @typedef {{ ok: true, field: import('./metadata-index.mjs').FieldInfo, object: import('./metadata-index.mjs').ObjectInfo }
 *   | { ok: false, message: string }} FieldResolution
 */

/**
 * Resolves `Field`, `Relationship.Field`, `Rel__r.Rel2__r.Field` from an object.
 * @param {import('./metadata-index.mjs').MetadataIndex} index
 * @param {string} objectName
 * @param {string[]} path
 * @returns {FieldResolution}
 */
export function resolveFieldPath(index, objectName, path) {
  const start = knownObject(index, objectName);
  if (!start) return { ok: false, message: unknownObjectMessage(index, objectName) };
  /** @type {import('./metadata-index.mjs').ObjectInfo[]} */
  let current = [start];
  for (let i = 0; i < path.length - 1; i += 1) {
    const segment = /** @type {string} */ (path[i]);
    /** @type {import('./metadata-index.mjs').ObjectInfo[]} */
    const next = [];
    let missingTarget;
    for (const object of current) {
      const relationship = [...object.fields.values()].find(
        (f) => f.relationshipName?.toLowerCase() === segment.toLowerCase(),
      );
      if (!relationship) continue;
      for (const target of relationship.referenceTo) {
        const targetObject = knownObject(index, target);
        if (targetObject) next.push(targetObject);
        else missingTarget = target;
      }
    }
    if (next.length === 0) {
      if (missingTarget) return { ok: false, message: unknownObjectMessage(index, missingTarget) };
      return {
        ok: false,
        message: `${current.map((o) => o.name).join('/')} has no relationship ${segment}`,
      };
    }
    current = next;
  }
  const last = /** @type {string} */ (path[path.length - 1]);
  for (const object of current) {
    const field = object.fields.get(last.toLowerCase());
    if (field) return { ok: true, field, object };
  }
  return { ok: false, message: `${current.map((o) => o.name).join('/')} has no field ${last}` };
}
