import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm run demo` starts the sandbox and a companion, runs its scenario and stops them: the
 * process must then end by itself. Anything left behind (a CometD client retrying against the
 * closed emulator, a timer, a socket) would keep it alive forever.
 */

const DEMO = join(import.meta.dirname, '..', 'dist', 'bin', 'demo.js');

function runToExit(): Promise<{ code: number | null; signal: string | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { PATH: process.env['PATH'], LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    // 'close', not 'exit': at exit the last of the output may still be unread.
    child.once('close', (code, signal) => resolve({ code, signal, stdout }));
  });
}

describe('npm run demo', () => {
  it('prints the scenario and exits by itself', { timeout: 180_000 }, async () => {
    const result = await runToExit();
    expect(result.stdout).toContain('Done.');
    expect(result).toMatchObject({ code: 0, signal: null });
  });
});
