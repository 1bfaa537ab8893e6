import type { SalesforceOrg } from '../org.js';

/**
 * `actions/standard/emailSimple` (Actions REST resource, "Simple Email Actions"): an email with a
 * subject, a plain-text body and up to five recipients, given as `emailAddresses` (comma-separated),
 * `emailAddressesArray`, or `recipientId` (a User, Contact or Lead, whose Email is used). The
 * sender is the running user, the default workflow user, or an organization-wide address
 * (`senderType: OrgWideEmailAddress` with `senderAddress`). Email templates are not emulated and
 * are refused, never silently ignored.
 */

/** Up to five recipients in all, as the v62.0 documentation states for these inputs. */
export const MAX_EMAIL_RECIPIENTS = 5;
const SENDER_TYPES = ['CurrentUser', 'DefaultWorkflowUser', 'OrgWideEmailAddress'];
// A deliberately plain check: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/;

export interface SentEmail {
  to: string[];
  subject: string;
  body: string;
  senderType: string;
  senderAddress: string | null;
  /** The record the email is about (relatedRecordId), when given. */
  relatedRecordId: string | null;
  /** The running user's id: who sent it through the API. */
  sentBy: string;
  sentAt: string;
}

export interface ActionError {
  statusCode: string;
  message: string;
}

type Input = Record<string, unknown>;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** The recipients' addresses, or the errors that refuse them. */
function recipientsOf(input: Input, org: SalesforceOrg, errors: ActionError[]): string[] {
  const to: string[] = [];
  const listed = text(input['emailAddresses']);
  if (listed !== undefined) to.push(...listed.split(',').map((address) => address.trim()));
  const array = input['emailAddressesArray'];
  if (array !== undefined && array !== null) {
    if (!Array.isArray(array)) {
      errors.push({
        statusCode: 'INVALID_TYPE',
        message: 'emailAddressesArray: a collection of strings is expected',
      });
    } else to.push(...array.map((address) => String(address).trim()));
  }
  const recipientId = text(input['recipientId']);
  if (recipientId !== undefined) {
    const found = org.store.locate(recipientId);
    const email = found && !found.row['IsDeleted'] ? found.row['Email'] : undefined;
    if (!found || !['User', 'Contact', 'Lead'].includes(found.table.def.name)) {
      errors.push({
        statusCode: 'INVALID_CROSS_REFERENCE_KEY',
        message: `recipientId: invalid cross reference id: ${recipientId}`,
      });
    } else if (typeof email !== 'string' || email === '') {
      errors.push({
        statusCode: 'INVALID_EMAIL_ADDRESS',
        message: `recipientId: ${recipientId} has no email address`,
      });
    } else to.push(email);
  }
  if (to.length === 0 && errors.length === 0) {
    errors.push({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required field is missing: emailAddresses, emailAddressesArray or recipientId',
    });
  }
  for (const address of to) {
    if (!EMAIL.test(address)) {
      errors.push({
        statusCode: 'INVALID_EMAIL_ADDRESS',
        message: `Email address is invalid: ${address}`,
      });
    }
  }
  if (to.length > MAX_EMAIL_RECIPIENTS) {
    errors.push({
      statusCode: 'LIMIT_EXCEEDED',
      message: `An email can have at most ${MAX_EMAIL_RECIPIENTS} recipients; this one has ${to.length}.`,
    });
  }
  return to;
}

/** Checks one input as Salesforce does; the email to record when it is valid. */
export function checkEmailInput(
  input: Input,
  org: SalesforceOrg,
  sentBy: string,
): { email: SentEmail; errors?: undefined } | { email?: undefined; errors: ActionError[] } {
  const errors: ActionError[] = [];
  const to = recipientsOf(input, org, errors);
  const subject = text(input['emailSubject']);
  if (subject === undefined) {
    errors.push({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required field is missing: emailSubject',
    });
  }
  if (input['emailTemplateId'] !== undefined) {
    errors.push({
      statusCode: 'INVALID_INPUT',
      message: 'emailTemplateId: email templates are not emulated; send emailSubject and emailBody',
    });
  }
  const body = text(input['emailBody']);
  if (body === undefined) {
    errors.push({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required field is missing: emailBody',
    });
  }
  const senderType = text(input['senderType']) ?? 'CurrentUser';
  const senderAddress = text(input['senderAddress']) ?? null;
  if (!SENDER_TYPES.includes(senderType)) {
    errors.push({
      statusCode: 'INVALID_INPUT',
      message: `senderType must be one of ${SENDER_TYPES.join(', ')}, not ${senderType}`,
    });
  } else if (senderType === 'OrgWideEmailAddress' && senderAddress === null) {
    errors.push({
      statusCode: 'REQUIRED_FIELD_MISSING',
      message: 'Required field is missing: senderAddress (senderType is OrgWideEmailAddress)',
    });
  }
  const relatedRecordId = text(input['relatedRecordId']) ?? null;
  if (relatedRecordId !== null && !org.store.locate(relatedRecordId)) {
    errors.push({
      statusCode: 'INVALID_CROSS_REFERENCE_KEY',
      message: `relatedRecordId: invalid cross reference id: ${relatedRecordId}`,
    });
  }
  if (errors.length > 0 || subject === undefined || body === undefined) return { errors };
  return {
    email: {
      to,
      subject,
      body,
      senderType,
      senderAddress,
      relatedRecordId,
      sentBy,
      sentAt: org.clock().toISOString(),
    },
  };
}
