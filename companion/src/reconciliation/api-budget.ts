import type { Connection } from 'jsforce';

/**
 * The share of the org's daily Salesforce API requests a reconciliation may use: it stops
 * once the used share passes 100% − Api_Reserve_Percent__c, leaving the rest to the
 * real-time sync. The usage comes from `Sforce-Limit-Info` on every response (jsforce keeps
 * it in `conn.limitInfo`).
 */
export class ApiBudgetExhaustedError extends Error {
  override readonly name = 'ApiBudgetExhaustedError';
}

export function checkSalesforceBudget(
  conn: Pick<Connection, 'limitInfo'>,
  reservePercent: number,
): void {
  const usage = conn.limitInfo.apiUsage;
  if (!usage || usage.limit <= 0) return;
  const usedPercent = (usage.used / usage.limit) * 100;
  if (usedPercent >= 100 - reservePercent) {
    throw new ApiBudgetExhaustedError(
      `Salesforce API usage is at ${usage.used} of ${usage.limit} daily requests; ` +
        `${reservePercent}% is kept for the real-time sync. Apply again later to continue.`,
    );
  }
}
