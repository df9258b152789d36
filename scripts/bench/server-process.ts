// The benchmarks' servers in child processes (scripts/bench/server.ts), so the load generator and
// the server under test never share an event loop: bench:api (the app and the bare server),
// bench:worker (the Node app beside workerd) and bench:ingest (the app the batches are posted to).
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  kind: 'vervolg' | 'bare';
  child: ChildProcess;
  port: number;
  baseUrl: string;
}

const SERVER_SCRIPT = fileURLToPath(new URL('./server.ts', import.meta.url));

/**
 * Starts the server of `kind` on `databaseUrl` and resolves once it listens. `cpuProfileDir`: the
 * server writes a V8 CPU profile there when it stops (node --cpu-prof).
 */
export function startServer(kind: ServerProcess['kind'], databaseUrl: string, options: { cpuProfileDir?: string } = {}): Promise<ServerProcess> {
  const profile = options.cpuProfileDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir] : [];
  // fork() passes on this process's execArgv, which under tsx carries its loader.
  const child = fork(SERVER_SCRIPT, [kind], {
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl },
    execArgv: [...process.execArgv, ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the ${kind} server exited (code ${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('error', reject);
    child.on('message', (message: { ready?: number }) => {
      if (typeof message?.ready !== 'number') return;
      child.off('exit', onExit);
      resolve({ kind, child, port: message.ready, baseUrl: `http://127.0.0.1:${message.ready}` });
    });
  });
}

/** Wait until the server has answered every request it was sent (autocannon leaves some queued). */
export function drain(server: ServerProcess): Promise<void> {
  const { child } = server;
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`the ${server.kind} server exited (code ${code}) during the benchmark`));
    };
    const onMessage = (message: { drained?: boolean }) => {
      if (!message?.drained) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve();
    };
    if (child.exitCode !== null || child.signalCode !== null) return onExit(child.exitCode);
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send('drain');
  });
}

/**
 * Asks the server to stop (it drains, closes its pool and exits); killed if it has not after 15 s.
 * Resolves with the bytes of request log lines the server made and dropped, when it said.
 */
export async function stopServer(server: ServerProcess): Promise<{ loggedBytes: number | null }> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return { loggedBytes: null };
  let loggedBytes: number | null = null;
  child.on('message', (message: { stopped?: boolean; loggedBytes?: number }) => {
    if (message?.stopped && typeof message.loggedBytes === 'number') loggedBytes = message.loggedBytes;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    child.send('stop');
  } catch {
    child.kill('SIGKILL');
  }
  await exited;
  clearTimeout(timer);
  return { loggedBytes };
}
