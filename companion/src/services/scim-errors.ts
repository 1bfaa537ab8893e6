/**
 * The errors of the SCIM service provider (RFC 7644 §3.12). The SCIM routes answer them in
 * SCIM's own shape: `{ schemas: [Error], status: "409", scimType: "uniqueness", detail }`.
 * Details never carry a userName or another attribute value: they name the problem only.
 */

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive';

export class ScimError extends Error {
  override readonly name = 'ScimError';

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 500 | 501 | 503,
    readonly detail: string,
    readonly scimType?: ScimType,
  ) {
    super(detail);
  }

  static badRequest(scimType: ScimType, detail: string): ScimError {
    return new ScimError(400, detail, scimType);
  }

  static notFound(resource: 'User' | 'Group'): ScimError {
    return new ScimError(404, `${resource} not found.`);
  }
}
