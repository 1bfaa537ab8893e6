import type { Connection } from 'jsforce';

/** Contacts linked to an Okta user: the base of the blast-radius guard's threshold. */
export async function countLinkedContacts(conn: Pick<Connection, 'query'>): Promise<number> {
  return (await conn.query('SELECT COUNT() FROM Contact WHERE Okta_User_Id__c != null')).totalSize;
}
