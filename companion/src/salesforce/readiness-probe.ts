import type { Connection } from 'jsforce';

/** Salesforce answers a query; the last API usage Salesforce reported goes in the detail. */
export async function probeSalesforce(
  conn: Pick<Connection, 'query' | 'limitInfo'>,
): Promise<{ ok: true; detail?: { apiUsage: unknown } }> {
  const limits = conn.limitInfo.apiUsage;
  await conn.query('SELECT Id FROM User LIMIT 1');
  return { ok: true, ...(limits ? { detail: { apiUsage: limits } } : {}) };
}
