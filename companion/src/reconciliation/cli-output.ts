import type { ReconciliationRun } from './types.js';

/** Arguments, progress lines and the summary table of `bin/reconcile`. */

export interface CliOptions {
  apply: boolean;
  confirmDeactivations: boolean;
  help: boolean;
}

export const CLI_USAGE = `Usage: npm run reconcile -- [--dry-run | --apply] [--confirm-deactivations]

Compares every Okta user with the Salesforce Contacts and prints the plan.
  --dry-run                 plan only (the default)
  --apply                   plan, then apply the plan
  --confirm-deactivations   apply even when the plan deactivates more Contacts than the
                            blast-radius limit allows
`;

export function parseCliArgs(argv: readonly string[]): CliOptions | { error: string } {
  const options: CliOptions = { apply: false, confirmDeactivations: false, help: false };
  let dryRun = false;
  for (const arg of argv) {
    if (arg === '--apply') options.apply = true;
    else if (arg === '--dry-run') dryRun = true;
    else if (arg === '--confirm-deactivations') options.confirmDeactivations = true;
    else if (arg === '--help' || arg === '-h') options.help = true;
    else return { error: `unknown option ${arg}` };
  }
  if (dryRun && options.apply) return { error: '--dry-run and --apply exclude each other' };
  if (options.confirmDeactivations && !options.apply) {
    return { error: '--confirm-deactivations only makes sense with --apply' };
  }
  return options;
}

export function progressLine(run: ReconciliationRun, width = 30): string {
  const p = run.progress;
  if (run.status === 'APPLYING') {
    const s = run.summary;
    const total = s.creates + s.updates + s.links + s.deactivations;
    const done = p.itemsApplied + p.itemsFailed;
    const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
    return `applying [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${p.itemsFailed} failed)`;
  }
  return `planning: ${p.contactsRead} Contacts, ${p.oktaUsersRead} Okta users read`;
}

export function summaryTable(run: ReconciliationRun): string {
  const s = run.summary;
  const rows: [string, string | number][] = [
    ['run', run.id],
    ['status', run.status],
    ['Okta users read', run.progress.oktaUsersRead],
    ['Contacts read', run.progress.contactsRead],
    ['creates', s.creates],
    ['updates', s.updates],
    ['links', s.links],
    ['deactivations', s.deactivations],
    ['conflicts', s.conflicts],
    ['unchanged', s.unchanged],
    ['skipped', s.skipped ?? 0],
  ];
  if (run.guard)
    rows.push([
      'deactivation limit',
      `${run.guard.threshold} of ${run.guard.linkedContacts} linked`,
    ]);
  if (run.status === 'APPLIED' || run.progress.itemsApplied > 0 || run.progress.itemsFailed > 0) {
    rows.push(['applied', run.progress.itemsApplied], ['failed', run.progress.itemsFailed]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
  if (run.error) lines.push('', run.error);
  return `${lines.join('\n')}\n`;
}

/** 0 when the run did what was asked without a failed item; 1 otherwise. */
export function exitCodeOf(run: ReconciliationRun): 0 | 1 {
  const ok = run.status === 'PLANNED' || run.status === 'APPLIED';
  return ok && run.progress.itemsFailed === 0 ? 0 : 1;
}
