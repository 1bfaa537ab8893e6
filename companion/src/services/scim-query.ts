import { ScimError } from './scim-errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './scim-schemas.js';

/**
 * List requests as Okta sends them: `filter=userName eq "…"` (the lookup before a create),
 * `startIndex`/`count` paging (the test connection asks for `startIndex=1&count=2`). The
 * filters are equality on one attribute, which is what Okta sends; anything else is refused
 * with `invalidFilter` rather than answered wrongly.
 */

export interface EqualityFilter {
  /** As the resource type spells it (e.g. `userName`), whatever case the caller used. */
  attribute: string;
  value: string;
}

export interface ListQuery {
  filter: EqualityFilter | undefined;
  /** Zero-based offset from SCIM's one-based startIndex. */
  offset: number;
  /** Resources to return (0 asks for the total only). */
  limit: number;
  startIndex: number;
}

const FILTER =
  /^\s*([A-Za-z][\w.:-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false|null|-?\d+(?:\.\d+)?))\s*$/i;

/** Pure: reads one `attribute eq value` filter over the given filterable attributes. */
export function parseEqualityFilter(text: string, filterable: readonly string[]): EqualityFilter {
  const match = FILTER.exec(text);
  if (!match) {
    throw ScimError.badRequest(
      'invalidFilter',
      `Only "<attribute> eq <value>" filters are supported, on ${filterable.join(', ')}.`,
    );
  }
  const name = (match[1] as string).toLowerCase();
  const attribute = filterable.find((a) => a.toLowerCase() === name);
  if (!attribute) {
    throw ScimError.badRequest(
      'invalidFilter',
      `Filtering is supported on ${filterable.join(', ')} only.`,
    );
  }
  let value: string;
  if (match[2] !== undefined) {
    try {
      value = JSON.parse(`"${match[2]}"`) as string;
    } catch {
      throw ScimError.badRequest('invalidFilter', 'The filter value is not a valid string.');
    }
  } else {
    value = match[3] as string;
  }
  return { attribute, value };
}

function integerParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^-?\d{1,9}$/.test(raw.trim())) {
    throw ScimError.badRequest('invalidValue', `${name} must be an integer.`);
  }
  return Number(raw);
}

/** Pure: the list query of a request's parameters (RFC 7644 §3.4.2.4). */
export function parseListQuery(
  params: {
    filter?: string | undefined;
    startIndex?: string | undefined;
    count?: string | undefined;
  },
  filterable: readonly string[],
): ListQuery {
  const startIndex = Math.max(1, integerParam('startIndex', params.startIndex) ?? 1);
  const count = integerParam('count', params.count);
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(0, count ?? DEFAULT_PAGE_SIZE));
  const filter =
    params.filter !== undefined && params.filter.trim() !== ''
      ? parseEqualityFilter(params.filter, filterable)
      : undefined;
  return { filter, offset: startIndex - 1, limit, startIndex };
}
