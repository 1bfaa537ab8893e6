import { userSubjectKey } from '../intake/okta-events.js';
import type { Logger } from '../logger.js';
import type { OktaUserSnapshot } from '../mapping/types.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import type { StoredEvent } from '../store/types.js';

/**
 * Who a queue job is about, in words a person recognises: the Okta user's name and login for
 * jobs keyed by an Okta user, as the setup page shows failed and held jobs.
 */

export interface JobUser {
  id: string;
  /** First and last name from the Okta profile; null when Okta could not say. */
  name: string | null;
  login: string | null;
}

const OKTA_USER_SUBJECT = userSubjectKey('');

/** The Okta user id of a job subject ('okta-user:00u…'); undefined for other subjects. */
export function oktaUserIdOf(subjectKey: string): string | undefined {
  return subjectKey.startsWith(OKTA_USER_SUBJECT)
    ? subjectKey.slice(OKTA_USER_SUBJECT.length) || undefined
    : undefined;
}

/** Pure: the name and login of an Okta user. */
export function jobUserOf(user: OktaUserSnapshot): JobUser {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  const name = [text(user.profile['firstName']), text(user.profile['lastName'])]
    .filter((part) => part !== null)
    .join(' ');
  return {
    id: user.id,
    name: name || text(user.profile['displayName']),
    login: text(user.profile['login']),
  };
}

/** Pure: the login an event of the job carried (Okta events name their target's login). */
function loginFromEvents(events: readonly Pick<StoredEvent, 'payload'>[]): string | null {
  for (const event of events) {
    const payload = event.payload as { userLogin?: unknown } | null;
    if (typeof payload?.userLogin === 'string' && payload.userLogin !== '')
      return payload.userLogin;
  }
  return null;
}

export interface JobUserDeps {
  okta: Pick<OktaGateway, 'readUsers'>;
  logger: Logger;
}

/**
 * The users of these jobs, read from Okta in a few calls. When Okta cannot be read (or no longer
 * has the user), the login the job's events carried stands in and the name is null: a list of
 * failures must show even when Okta is the failure.
 */
export async function usersOfJobs(
  deps: JobUserDeps,
  jobs: readonly { subjectKey: string; events: readonly Pick<StoredEvent, 'payload'>[] }[],
): Promise<(JobUser | null)[]> {
  const ids = [
    ...new Set(jobs.map((job) => oktaUserIdOf(job.subjectKey)).filter((id) => id !== undefined)),
  ];
  let read = new Map<string, OktaUserSnapshot | null>();
  if (ids.length > 0) {
    try {
      read = await deps.okta.readUsers(ids);
    } catch (error) {
      deps.logger.warn(
        { err: error, users: ids.length },
        'could not read the Okta users of queue jobs',
      );
    }
  }
  return jobs.map((job) => {
    const id = oktaUserIdOf(job.subjectKey);
    if (id === undefined) return null;
    const user = read.get(id);
    return user ? jobUserOf(user) : { id, name: null, login: loginFromEvents(job.events) };
  });
}
