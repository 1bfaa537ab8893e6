import standardObjects from './standard-objects.json' with { type: 'json' };
import { findForceAppDir, loadForceAppMetadata } from './metadata-loader.js';
import type { DeclaredObject } from './metadata-loader.js';
import type {
  CustomMetadataRecord,
  FieldDef,
  FieldSpec,
  ObjectDef,
  ObjectKind,
  ObjectSpec,
} from './types.js';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export interface ChildRelationship {
  readonly childSObject: string;
  readonly field: string;
  readonly relationshipName: string | null;
}

/** All objects the emulated org knows, looked up case-insensitively by name or by id key prefix. */
export class SchemaRegistry {
  readonly #byName = new Map<string, ObjectDef>();
  readonly #byPrefix = new Map<string, ObjectDef>();
  readonly #children = new Map<string, ChildRelationship[]>();

  constructor(objects: readonly ObjectDef[]) {
    for (const object of objects) {
      this.#byName.set(object.name.toLowerCase(), object);
      this.#byPrefix.set(object.keyPrefix, object);
    }
    for (const object of objects) {
      for (const field of object.fields) {
        if (field.type !== 'reference') continue;
        for (const target of field.referenceTo) {
          const list = this.#children.get(target.toLowerCase()) ?? [];
          list.push({
            childSObject: object.name,
            field: field.name,
            relationshipName: field.childRelationshipName ?? null,
          });
          this.#children.set(target.toLowerCase(), list);
        }
      }
    }
  }

  get(name: string): ObjectDef | undefined {
    return this.#byName.get(name.toLowerCase());
  }

  byKeyPrefix(prefix: string): ObjectDef | undefined {
    return this.#byPrefix.get(prefix);
  }

  all(): readonly ObjectDef[] {
    return [...this.#byName.values()];
  }

  childRelationships(name: string): readonly ChildRelationship[] {
    return this.#children.get(name.toLowerCase()) ?? [];
  }
}

export function resolveField(name: string, spec: FieldSpec): FieldDef {
  const calculated = spec.calculated ?? false;
  return {
    ...spec,
    name,
    label: spec.label ?? name,
    createable: spec.createable ?? !calculated,
    updateable: spec.updateable ?? !calculated,
    required: spec.required ?? false,
    unique: spec.unique ?? false,
    externalId: spec.externalId ?? false,
    caseSensitive: spec.caseSensitive ?? false,
    calculated,
    restricted: spec.restricted ?? false,
    referenceTo: spec.referenceTo ?? [],
  };
}

export function buildObjectDef(
  name: string,
  kind: ObjectKind,
  spec: { keyPrefix: string; label: string; labelPlural: string },
  fieldSpecs: Readonly<Record<string, FieldSpec>>,
): ObjectDef {
  const fields = Object.entries(fieldSpecs).map(([fieldName, f]) => resolveField(fieldName, f));
  const fieldsByLowerName = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const relationships = new Map<string, FieldDef>();
  for (const f of fields) {
    if (f.type === 'reference' && f.relationshipName) {
      relationships.set(f.relationshipName.toLowerCase(), f);
    }
  }
  return { name, kind, ...spec, fields, fieldsByLowerName, relationships };
}

const SYSTEM_AUDIT = {
  CreatedDate: { type: 'datetime', label: 'Created Date', createable: false, updateable: false },
  CreatedById: {
    type: 'reference',
    referenceTo: ['User'],
    relationshipName: 'CreatedBy',
    label: 'Created By ID',
    createable: false,
    updateable: false,
  },
  LastModifiedDate: {
    type: 'datetime',
    label: 'Last Modified Date',
    createable: false,
    updateable: false,
  },
  LastModifiedById: {
    type: 'reference',
    referenceTo: ['User'],
    relationshipName: 'LastModifiedBy',
    label: 'Last Modified By ID',
    createable: false,
    updateable: false,
  },
  SystemModstamp: {
    type: 'datetime',
    label: 'System Modstamp',
    createable: false,
    updateable: false,
  },
} satisfies Record<string, FieldSpec>;

function customObjectFields(declared: DeclaredObject): Record<string, FieldSpec> {
  const readOnly = { createable: false, updateable: false } as const;
  switch (declared.kind) {
    case 'metadata':
      return {
        Id: { type: 'id', label: 'Custom Metadata Record ID', ...readOnly },
        DeveloperName: {
          type: 'string',
          length: 40,
          label: 'Custom Metadata Record Name',
          required: true,
        },
        MasterLabel: {
          type: 'string',
          length: 40,
          label: 'Label',
          required: true,
          nameField: true,
        },
        Label: { type: 'string', length: 40, label: 'Label', ...readOnly },
        Language: { type: 'picklist', label: 'Master Language', values: ['en_US'], ...readOnly },
        NamespacePrefix: { type: 'string', length: 15, label: 'Namespace Prefix', ...readOnly },
        QualifiedApiName: { type: 'string', length: 70, label: 'Qualified API Name', ...readOnly },
        SystemModstamp: SYSTEM_AUDIT.SystemModstamp,
        ...declared.fields,
      };
    case 'event':
      return {
        ReplayId: { type: 'string', length: 255, label: 'Replay ID', ...readOnly },
        CreatedDate: SYSTEM_AUDIT.CreatedDate,
        CreatedById: SYSTEM_AUDIT.CreatedById,
        EventUuid: { type: 'string', length: 36, label: 'Event UUID', ...readOnly },
        ...declared.fields,
      };
    default:
      return {
        Id: { type: 'id', label: 'Record ID', ...readOnly },
        ...(declared.hasMasterDetail
          ? {}
          : {
              OwnerId: {
                type: 'reference',
                referenceTo: ['Group', 'User'],
                relationshipName: 'Owner',
                label: 'Owner ID',
              },
            }),
        IsDeleted: { type: 'boolean', label: 'Deleted', ...readOnly },
        Name: declared.nameField ?? { type: 'string', length: 80, label: 'Name', nameField: true },
        ...SYSTEM_AUDIT,
        ...declared.fields,
      };
  }
}

function prefixFor(kind: ObjectKind, index: number): string {
  const lead = kind === 'metadata' ? 'm' : kind === 'event' ? 'e' : 'a';
  return `${lead}${BASE62.charAt(Math.floor(index / 62) % 62)}${BASE62.charAt(index % 62)}`;
}

export interface LoadedSchema {
  readonly registry: SchemaRegistry;
  readonly customMetadata: readonly CustomMetadataRecord[];
}

/**
 * Standard objects from `standard-objects.json`, extended by whatever the force-app tree
 * declares: custom objects, custom metadata types, platform events, custom fields on
 * standard objects. `forceAppDir: null` skips the tree.
 */
export function loadSchema(forceAppDir?: string | null): LoadedSchema {
  const standard = standardObjects as unknown as Record<string, ObjectSpec>;
  const fieldsByObject = new Map<string, Record<string, FieldSpec>>();
  const specs = new Map<
    string,
    { kind: ObjectKind; keyPrefix: string; label: string; labelPlural: string }
  >();
  for (const [name, spec] of Object.entries(standard)) {
    fieldsByObject.set(name, { ...spec.fields });
    specs.set(name, {
      kind: 'standard',
      keyPrefix: spec.keyPrefix,
      label: spec.label,
      labelPlural: spec.labelPlural,
    });
  }
  const dir = forceAppDir === null ? undefined : (forceAppDir ?? findForceAppDir());
  const metadata = dir ? loadForceAppMetadata(dir) : { objects: [], customMetadata: [] };
  const counters: Record<ObjectKind, number> = { standard: 0, custom: 0, metadata: 0, event: 0 };
  for (const declared of metadata.objects) {
    const existing = fieldsByObject.get(declared.name);
    if (existing) {
      Object.assign(existing, declared.fields);
      continue;
    }
    if (declared.kind === 'standard') continue; // a standard object this emulator does not model
    fieldsByObject.set(declared.name, customObjectFields(declared));
    specs.set(declared.name, {
      kind: declared.kind,
      keyPrefix: prefixFor(declared.kind, counters[declared.kind]++),
      label: declared.label,
      labelPlural: declared.labelPlural,
    });
  }
  const objects = [...specs].map(([name, spec]) =>
    buildObjectDef(
      name,
      spec.kind,
      { keyPrefix: spec.keyPrefix, label: spec.label, labelPlural: spec.labelPlural },
      fieldsByObject.get(name) ?? {},
    ),
  );
  return { registry: new SchemaRegistry(objects), customMetadata: metadata.customMetadata };
}
