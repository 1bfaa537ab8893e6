import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnvironment } from './config.js';
import { environmentWithArguments } from './role-argument.js';

describe('environmentWithArguments', () => {
  it('takes the role from --role=…, --role … and lets it win over COMPANION_ROLE', () => {
    expect(environmentWithArguments({}, ['--role=intake'])['COMPANION_ROLE']).toBe('intake');
    expect(environmentWithArguments({}, ['--role', 'worker'])['COMPANION_ROLE']).toBe('worker');
    expect(
      environmentWithArguments({ COMPANION_ROLE: 'worker' }, ['--role=all'])['COMPANION_ROLE'],
    ).toBe('all');
    expect(environmentWithArguments({ COMPANION_ROLE: 'worker' }, [])['COMPANION_ROLE']).toBe(
      'worker',
    );
  });

  it('refuses an unknown role, a missing value and any other argument, naming them', () => {
    const message = (argv: string[]) => {
      try {
        environmentWithArguments({}, argv);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).message;
      }
      throw new Error('no error');
    };
    expect(message(['--role=ingest'])).toContain(
      '--role: must be one of all, intake, worker (got "ingest")',
    );
    expect(message(['--role'])).toContain('--role: needs a value');
    expect(message(['--verbose'])).toContain('--verbose: unknown argument');
  });
});

describe('COMPANION_ROLE', () => {
  it('defaults to all and names the variable when its value is unknown', () => {
    const parsed = parseEnvironment({});
    expect(parsed.mode === 'sandbox' && parsed.common.role).toBe('all');
    expect(() => parseEnvironment({ COMPANION_ROLE: 'both' })).toThrow(
      /COMPANION_ROLE: must be one of all, intake, worker/,
    );
  });
});
