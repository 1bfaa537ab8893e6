import type { ConfigProblem } from '../mapping/types.js';
import type { AuditEntry } from '../store/types.js';

/**
 * Audit lines for configuration records the loader skipped (also shown in health). One line per
 * record: a later load that finds the same problem updates its line.
 */
export function configProblemEntries(input: {
  problems: readonly ConfigProblem[];
  at: Date;
  newId: () => string;
}): AuditEntry[] {
  return input.problems.map((problem) => ({
    id: input.newId(),
    eventId: `config:${problem.source}`,
    correlationId: 'config',
    direction: 'ACTION',
    operation: 'config-problem',
    status: 'SKIPPED',
    attempts: 1,
    error: problem.message,
    actor: 'companion',
    occurredAt: input.at.toISOString(),
  }));
}
