import type { CompanionApi } from './companion-role.js';
import { createCompanionRole } from './companion-role.js';
import { spawnRpc } from './rpc.js';
import { startNodeFlags } from './start-flags.js';
import type { WorldApi } from './world-role.js';
import { createWorldRole } from './world-role.js';

/**
 * Where a benchmark's roles run: `processes` (the real benchmark: emulators in one child
 * process, the measured companion in another, the load generator in this one) or
 * `in-process` (the smoke tests: everything here, no build needed).
 */
export type RoleMode = 'processes' | 'in-process';

export type Exiting<T> = T & { exit(): Promise<void> };

export async function startWorld(mode: RoleMode): Promise<Exiting<WorldApi>> {
  if (mode === 'in-process') {
    const world = createWorldRole();
    return Object.assign(world, { exit: () => world.close() });
  }
  const world = await spawnRpc<WorldApi>(new URL('./world-process.js', import.meta.url), {
    name: 'emulators',
    execArgv: ['--max-old-space-size=4096', ...profileFlags()],
  });
  return wrapRemote(world, async () => {
    await world.close();
    await world.exit();
  });
}

/**
 * `processEnv` is the companion process's environment on top of this one's.
 */
export async function startCompanionSide(
  mode: RoleMode,
  processEnv: Record<string, string> = {},
): Promise<Exiting<CompanionApi>> {
  if (mode === 'in-process') {
    const companion = createCompanionRole();
    return Object.assign(companion, { exit: () => companion.close() });
  }
  // The heap limit `npm start` sets, read from its script: the companion runs as started.
  const companion = await spawnRpc<CompanionApi>(
    new URL('./companion-process.js', import.meta.url),
    {
      name: 'companion',
      env: processEnv,
      execArgv: [...startNodeFlags(), ...profileFlags()],
    },
  );
  return wrapRemote(companion, async () => {
    await companion.close();
    await companion.exit();
  });
}

/** With BENCH_CPU_PROF_DIR set, each child process writes a CPU profile there when it exits. */
function profileFlags(): string[] {
  const dir = process.env['BENCH_CPU_PROF_DIR'];
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

function wrapRemote<T extends object>(remote: T, exit: () => Promise<void>): Exiting<T> {
  return new Proxy(remote, {
    get: (target, property, receiver) =>
      property === 'exit' ? exit : Reflect.get(target, property, receiver),
  }) as Exiting<T>;
}
