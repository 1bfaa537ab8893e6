import type { ObjectDef } from '../schema/types.js';

const CLOSED_CASE_STATUSES = new Set(['Closed']);
const CLOSED_STAGES = new Set(['Closed Won', 'Closed Lost']);

function fullName(row: Record<string, unknown>): string {
  return [row['FirstName'], row['LastName']]
    .filter((v) => typeof v === 'string' && v !== '')
    .join(' ');
}

/** Formats an auto number display format such as `SL-{00000000}`. */
export function formatAutoNumber(displayFormat: string | undefined, n: number): string {
  const format = displayFormat ?? '{0}';
  return format.replace(/\{(0+)\}/, (_m, zeros: string) => String(n).padStart(zeros.length, '0'));
}

/**
 * Recomputes the fields Salesforce derives from others (names, closed flags, closed date).
 * Mutates `row`; `nowIso` is the commit time.
 */
export function applyDerivedFields(
  def: ObjectDef,
  row: Record<string, unknown>,
  before: Readonly<Record<string, unknown>> | undefined,
  nowIso: string,
): void {
  switch (def.name) {
    case 'Contact':
    case 'Lead':
    case 'User':
      row['Name'] = fullName(row);
      break;
    case 'Case': {
      const closed = CLOSED_CASE_STATUSES.has(String(row['Status']));
      row['IsClosed'] = closed;
      if (closed && !before?.['IsClosed']) row['ClosedDate'] = nowIso;
      if (!closed) row['ClosedDate'] = null;
      break;
    }
    case 'Opportunity':
      row['IsClosed'] = CLOSED_STAGES.has(String(row['StageName']));
      row['IsWon'] = row['StageName'] === 'Closed Won';
      break;
    case 'Task':
      row['IsClosed'] = row['Status'] === 'Completed';
      break;
    default:
      break;
  }
}
