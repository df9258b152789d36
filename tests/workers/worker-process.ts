// Starts the Worker in workerd through scripts/dev-worker.mjs (wrangler dev, local mode) on free
// ports, waits until it answers, and stops its whole process group (wrangler and workerd).
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export interface WorkerProcess {
  baseUrl: string;
  /** Everything wrangler and the Worker printed so far (request logs, console transport output). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Start the Worker against `databaseUrl`; resolves once GET /v1/health answers 200. `vars` go to
 * the Worker as `--var NAME:value` (defaults: APP_ENV test, PUBLIC_URL the Worker's own origin).
 * The PDF Worker runs beside it (dev-worker.mjs), unless `withoutPdfWorker`: then the app Worker's
 * PDF binding has nothing behind it.
 */
export async function startWorker(databaseUrl: string, options: { timeoutMs?: number; vars?: Record<string, string>; withoutPdfWorker?: boolean } = {}): Promise<WorkerProcess> {
  const port = await freePort();
  const inspectorPort = await freePort();
  // PUBLIC_URL defaults to the Worker's own origin, so links it writes (e-mails, SMS) point back to it.
  const vars = Object.entries({ APP_ENV: 'test', PUBLIC_URL: `http://127.0.0.1:${port}`, ...options.vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child = spawn(
    process.execPath,
    ['scripts/dev-worker.mjs', ...(options.withoutPdfWorker ? ['--config', 'wrangler.toml'] : []), '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--test-scheduled', '--log-level', 'log', ...vars],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DATABASE_URL: databaseUrl, CI: 'true', FORCE_COLOR: '0' },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });

  const worker: WorkerProcess = {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopGroup(child),
  };

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(`${worker.baseUrl}/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return worker;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  await worker.stop();
  throw new Error(`The Worker did not answer GET /v1/health with 200 (${exited ?? 'timed out'}; last: ${last}).\n--- wrangler output ---\n${output}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // Negative pid: the whole group (the script, wrangler and workerd).
      process.kill(-(child.pid as number), signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  const timedOut = await Promise.race([gone.then(() => false), sleep(5_000).then(() => true)]);
  // workerd may outlive wrangler for a moment; make sure nothing of the group survives.
  signalGroup('SIGKILL');
  if (timedOut) await Promise.race([gone, sleep(2_000)]);
}
