import type { NotificationEventKind } from './rule-types.js';

/**
 * Message templates of notification rules: text with `{{placeholder}}`s naming the event's
 * fields. Which fields an event has is fixed here, so a rule naming one its event lacks is
 * refused when it is loaded (and when it is saved on the setup page), never rendered blank.
 */

export type MessagePart = { text: string } | { field: string };

/** Fields every event has. `contact.<Field>` names any field of the Contact (checked apart). */
const COMMON_FIELDS = [
  'event',
  'occurredAt',
  'details',
  'auditUrl',
  'user.id',
  'user.login',
  'user.email',
  'user.firstName',
  'user.lastName',
  'user.status',
  'contact.id',
  'lead.id',
] as const;

const EXTRA_FIELDS: Record<NotificationEventKind, readonly string[]> = {
  PROVISIONED: ['changes'],
  UPDATED: ['changes'],
  DEPROVISIONED: ['changes', 'effects'],
  REACTIVATED: ['changes', 'effects'],
  ACCESS_CHANGED: ['changes', 'groups.added', 'groups.removed'],
  GRANT_APPLIED: ['group.id', 'group.name', 'case.id', 'grant.id'],
  GRANT_ENDED: ['group.id', 'group.name', 'case.id', 'grant.id'],
  RECONCILIATION_APPLIED: ['changes'],
};

/** The placeholders a template of this event may use (besides `contact.<Field>`). */
export function fieldsOf(event: NotificationEventKind): string[] {
  return [...COMMON_FIELDS, ...EXTRA_FIELDS[event]];
}

const CONTACT_FIELD = /^contact\.([A-Za-z][A-Za-z0-9_]*)$/;

/** The Contact field a placeholder reads (`contact.Department` → `Department`), if it is one. */
export function contactFieldOf(field: string): string | undefined {
  const name = CONTACT_FIELD.exec(field)?.[1];
  return name && name.toLowerCase() !== 'id' ? name : undefined;
}

/**
 * Parses `{{user.login}} left {{contact.Department}}`. Single braces are text; `{{` must be
 * closed by `}}`. Each problem names the placeholder and what the event offers instead.
 */
export function parseMessageTemplate(
  template: string,
  event: NotificationEventKind,
): { ok: true; parts: MessagePart[] } | { ok: false; problems: string[] } {
  const parts: MessagePart[] = [];
  const problems: string[] = [];
  const allowed = new Set(fieldsOf(event));
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      parts.push({ text: rest });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open) });
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) {
      problems.push('Message_Template__c has a "{{" that is never closed by "}}"');
      break;
    }
    const field = rest.slice(open + 2, close).trim();
    if (!allowed.has(field) && !contactFieldOf(field)) {
      problems.push(
        `Message_Template__c: {{${field}}} is not a field of ${event} events (use ${[...allowed].join(', ')} or contact.<Field>)`,
      );
    }
    parts.push({ field });
    rest = rest.slice(close + 2);
  }
  return problems.length ? { ok: false, problems } : { ok: true, parts };
}

/** Fields the event does not carry render as empty text. */
export function renderMessage(
  parts: readonly MessagePart[],
  fields: Readonly<Record<string, string | undefined>>,
): string {
  return parts.map((p) => ('text' in p ? p.text : (fields[p.field] ?? ''))).join('');
}
