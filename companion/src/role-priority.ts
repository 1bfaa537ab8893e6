import { getPriority, setPriority } from 'node:os';
import type { CompanionConfig } from './config.js';
import type { Logger } from './logger.js';

/** Pure: the nice value the process should run at, never lower than it already runs. */
export function roleNiceValue(
  role: CompanionConfig['role'],
  configured: number,
  current: number,
): number | undefined {
  if (role !== 'worker' || configured <= current) return undefined;
  return configured;
}

/**
 * A `worker` process lowers its own CPU priority (WORKER_NICE, 10 by default): on a host it
 * shares with an intake, the intake's acknowledgements win the CPU and the worker takes what is
 * left. Sync work only waits a little longer; nothing is lost. On a host of its own it changes
 * nothing. Raising one's own nice value needs no privilege.
 */
export function applyRolePriority(
  config: Pick<CompanionConfig, 'role' | 'worker'>,
  logger: Logger,
) {
  const nice = roleNiceValue(config.role, config.worker.nice, getPriority(0));
  if (nice === undefined) return;
  try {
    setPriority(0, nice);
    logger.info({ nice }, 'worker runs at a lower CPU priority than intakes on this host');
  } catch (error) {
    logger.warn({ err: error, nice }, 'could not lower the worker process priority');
  }
}
