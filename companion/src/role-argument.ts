import { COMPANION_ROLES, ConfigError } from './config.js';

/**
 * The command line of the companion's entry points: `--role=<all|intake|worker>` (or
 * `--role <role>`) stands for COMPANION_ROLE and wins over it. Anything else is refused, so a
 * mistyped flag never starts a process in a role nobody asked for.
 */
export function environmentWithArguments(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i] as string;
    const inline = /^--role=(.*)$/.exec(argument);
    const role = inline ? inline[1] : argument === '--role' ? argv[++i] : undefined;
    if (role === undefined) {
      throw new ConfigError([
        {
          variable: argument === '--role' ? '--role' : argument,
          message:
            argument === '--role'
              ? `needs a value: ${COMPANION_ROLES.join(', ')}`
              : `unknown argument; the only one is --role=${COMPANION_ROLES.join('|')}`,
        },
      ]);
    }
    if (!(COMPANION_ROLES as readonly string[]).includes(role)) {
      throw new ConfigError([
        {
          variable: '--role',
          message: `must be one of ${COMPANION_ROLES.join(', ')} (got "${role.slice(0, 40)}")`,
        },
      ]);
    }
    merged['COMPANION_ROLE'] = role;
  }
  return merged;
}
