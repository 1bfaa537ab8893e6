/** Field types as `describe` reports them. */
export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'percent'
  | 'date'
  | 'datetime'
  | 'picklist'
  | 'multipicklist'
  | 'reference';

/** One field definition, in the shape of `schema/standard-objects.json`. */
export interface FieldSpec {
  readonly type: FieldType;
  readonly label?: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly required?: boolean;
  readonly unique?: boolean;
  readonly caseSensitive?: boolean;
  readonly externalId?: boolean;
  readonly createable?: boolean;
  readonly updateable?: boolean;
  readonly calculated?: boolean;
  readonly autoNumber?: boolean;
  readonly displayFormat?: string;
  readonly nameField?: boolean;
  readonly referenceTo?: readonly string[];
  readonly relationshipName?: string;
  /** Name of the child relationship on the parent object (custom lookups). */
  readonly childRelationshipName?: string;
  readonly values?: readonly string[];
  /** Picklist labels by value, when they differ from the values. */
  readonly valueLabels?: Readonly<Record<string, string>>;
  readonly restricted?: boolean;
  readonly defaultValue?: string | number | boolean;
}

export interface ObjectSpec {
  readonly keyPrefix: string;
  readonly label: string;
  readonly labelPlural: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
}

export type ObjectKind = 'standard' | 'custom' | 'metadata' | 'event';

/** A resolved field: the spec plus its API name and effective flags. */
export interface FieldDef extends FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly createable: boolean;
  readonly updateable: boolean;
  readonly required: boolean;
  readonly unique: boolean;
  readonly externalId: boolean;
  readonly caseSensitive: boolean;
  readonly calculated: boolean;
  readonly restricted: boolean;
  readonly referenceTo: readonly string[];
}

export interface ObjectDef {
  readonly name: string;
  readonly kind: ObjectKind;
  readonly keyPrefix: string;
  readonly label: string;
  readonly labelPlural: string;
  /** Fields in definition order. */
  readonly fields: readonly FieldDef[];
  /** Field lookup by lower-cased API name. */
  readonly fieldsByLowerName: ReadonlyMap<string, FieldDef>;
  /** Parent relationships by lower-cased relationship name (e.g. "account", "contact__r"). */
  readonly relationships: ReadonlyMap<string, FieldDef>;
}

/** A custom metadata record read from `customMetadata/*.md-meta.xml`. */
export interface CustomMetadataRecord {
  readonly type: string;
  readonly developerName: string;
  readonly label: string;
  readonly values: Readonly<Record<string, unknown>>;
}
