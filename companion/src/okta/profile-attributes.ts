/**
 * The attributes of the Okta user profile, read from the org's user schema
 * (`GET /api/v1/meta/schemas/user/default`), as the mapping editor offers them: path, title,
 * type, whether the org added it, whether Okta lets it be written.
 */

/** One attribute of `definitions.base.properties` or `definitions.custom.properties`. */
export interface SchemaAttribute {
  title?: string | undefined;
  type?: string | undefined;
  mutability?: string | undefined;
  required?: boolean | null | undefined;
}

/** The part of a user schema this module reads (the SDK's `UserSchema` has this shape). */
export interface UserSchemaLike {
  definitions?:
    | {
        base?: { properties?: object | undefined } | undefined;
        custom?: { properties?: object | undefined } | undefined;
      }
    | undefined;
}

export interface ProfileAttribute {
  /** As a mapping names it: `profile.<name>`. */
  path: string;
  name: string;
  /** The schema's title, or the name when the schema has none. */
  label: string;
  type: string;
  custom: boolean;
  required: boolean;
  /** Okta does not accept writes to it (mutability READ_ONLY). */
  readOnly: boolean;
}

function attributesOf(properties: object | undefined, custom: boolean): ProfileAttribute[] {
  const result: ProfileAttribute[] = [];
  for (const [name, value] of Object.entries(properties ?? {})) {
    if (typeof value !== 'object' || value === null) continue;
    const attribute = value as SchemaAttribute;
    const title = typeof attribute.title === 'string' ? attribute.title.trim() : '';
    result.push({
      path: `profile.${name}`,
      name,
      label: title === '' ? name : title,
      type: typeof attribute.type === 'string' ? attribute.type : 'string',
      custom,
      required: attribute.required === true,
      readOnly: attribute.mutability === 'READ_ONLY',
    });
  }
  return result;
}

/** Base and custom attributes, sorted by title (then name) as a person looks for them. */
export function profileAttributesOf(schema: UserSchemaLike): ProfileAttribute[] {
  return [
    ...attributesOf(schema.definitions?.base?.properties, false),
    ...attributesOf(schema.definitions?.custom?.properties, true),
  ].sort((a, b) => a.label.localeCompare(b.label, 'en') || a.name.localeCompare(b.name, 'en'));
}
