import { fork, type ChildProcess } from 'node:child_process';

/**
 * Calls between the benchmark's processes: a child serves an object of async methods over
 * the IPC channel; the parent gets a proxy with the same methods. Keeps the emulators, the
 * measured companion and the load generator in separate processes (separate CPUs and heaps).
 */

/** An object whose methods all return promises of structured-cloneable values. */
export type RpcApi = object;

interface RpcRequest {
  id: number;
  method: string;
  args: unknown[];
}

type RpcResponse =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** In the child: answers calls until the parent disconnects. */
export function serveRpc(api: RpcApi): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveRpc runs in a child process started with an IPC channel');
  process.on('message', (message: RpcRequest) => {
    const method = (api as Record<string, unknown>)[message.method];
    const reply = (response: RpcResponse) => send(response);
    if (typeof method !== 'function') {
      reply({ id: message.id, ok: false, error: `no method ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => (method as (...args: unknown[]) => Promise<unknown>).apply(api, message.args))
      .then(
        (result) => reply({ id: message.id, ok: true, result }),
        (error: unknown) =>
          reply({
            id: message.id,
            ok: false,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  send({ ready: true });
}

export type Remote<T extends RpcApi> = T & { exit(): Promise<void> };

/** In the parent: starts the child module and resolves once it serves. */
export async function spawnRpc<T extends RpcApi>(
  module: URL,
  options: { execArgv?: string[]; env?: Record<string, string>; name: string },
): Promise<Remote<T>> {
  const child: ChildProcess = fork(module, [], {
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let exited: Error | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    child.on('message', (message: RpcResponse | { ready: true }) => {
      if ('ready' in message) {
        resolve();
        return;
      }
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.result);
      else call.reject(new Error(`${options.name}: ${message.error}`));
    });
    child.on('exit', (code, signal) => {
      exited = new Error(`${options.name} exited (code ${code}, signal ${signal})`);
      reject(exited);
      for (const call of pending.values()) call.reject(exited);
      pending.clear();
    });
  });
  await ready;

  const call = (method: string, args: unknown[]) =>
    new Promise<unknown>((resolve, reject) => {
      if (exited) {
        reject(exited);
        return;
      }
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ id, method, args } satisfies RpcRequest);
    });
  const exit = () =>
    new Promise<void>((resolve) => {
      if (exited) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      child.disconnect();
    });
  return new Proxy({} as Remote<T>, {
    get: (_target, property) => {
      if (property === 'exit') return exit;
      if (property === 'then') return undefined;
      return (...args: unknown[]) => call(String(property), args);
    },
  });
}
