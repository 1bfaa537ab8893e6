import { soqlQuote } from '../mapping/soql-quote.js';
import type { QueryFn } from './salesforce-reads.js';

/**
 * The id of a Salesforce queue by its DeveloperName, read once per name for the life of the
 * process (queues are set up by an admin, not created at run time). A failed read is not kept.
 */
export function createQueueIdLookup(
  query: QueryFn,
): (developerName: string) => Promise<string | undefined> {
  const ids = new Map<string, Promise<string | undefined>>();
  return (developerName) => {
    let id = ids.get(developerName);
    if (!id) {
      id = query<{ Id: string }>(
        `SELECT Id FROM Group WHERE Type = 'Queue' AND DeveloperName = ${soqlQuote(developerName)}`,
      ).then((rows) => rows[0]?.Id);
      ids.set(developerName, id);
      id.catch(() => ids.delete(developerName));
    }
    return id;
  };
}
