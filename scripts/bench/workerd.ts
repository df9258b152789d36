// The Worker in workerd for a benchmark: started through scripts/dev-worker.mjs (wrangler dev,
// local mode, the local Hyperdrive binding pointing at the given database), as the Workers suite
// starts it, and the processes it runs in, to read their CPU time from /proc.
//
// Why /proc: inside a Worker performance.now() and Date.now() do not advance while a request runs
// (Spectre mitigation), so the Worker cannot time itself. The CPU time the kernel counts for the
// workerd process, read before and after N sequential requests, divided by N, is the honest
// figure: it includes everything workerd does for a request (parsing HTTP, the JavaScript, the
// database protocol, closing the client), and nothing of the load generator or PostgreSQL.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ROOT = resolve(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

interface ProcStat {
  pid: number;
  ppid: number;
  comm: string;
  /** utime + stime, in clock ticks (USER_HZ, 100 a second), summed over all the process's threads. */
  ticks: number;
}

function procStat(pid: number): ProcStat | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12): fields 14 and 15 of the line.
    return { pid, ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/** The process and all its descendants (Linux /proc). */
export function processTree(root: number): ProcStat[] {
  const all: ProcStat[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) all.push(stat);
  }
  const tree: ProcStat[] = [];
  const wanted = new Set([root]);
  // Parents come before children in pid order only usually; repeat until nothing new joins.
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) {
      if (!wanted.has(p.pid) && wanted.has(p.ppid)) {
        wanted.add(p.pid);
        grew = true;
      }
    }
  }
  for (const p of all) if (wanted.has(p.pid)) tree.push(p);
  return tree;
}

/** CPU milliseconds a process has used so far (user + system, all threads), or null once gone. */
export function cpuMs(pid: number): number | null {
  const stat = procStat(pid);
  return stat ? stat.ticks * 10 : null;
}

export interface RunningWorker {
  baseUrl: string;
  /** wrangler's inspector proxy (Chrome DevTools Protocol) for the Worker. */
  inspectorPort: number;
  /** The wrangler (Node) process: it proxies nothing in the request path, but is shown for completeness. */
  wranglerPid: number;
  /**
   * The workerd process that runs the Worker (src/worker.ts): what production bills. wrangler dev
   * runs a second workerd in front of it (its proxy, which listens on the public port and forwards
   * each request); that one has no counterpart in production and is measured apart.
   */
  runtimePid: number;
  proxyPid: number | null;
  output(): string;
  /** How often the Worker logged "app built" so far: once per isolate (src/worker.ts), not per request. */
  appBuilds(): number;
  stop(): Promise<void>;
}

/**
 * Starts the Worker against `databaseUrl` and waits until GET /v1/health answers 200: the app
 * (with the PDF Worker beside it, as dev-worker.mjs runs them), or with `config` the Worker of that
 * wrangler config alone (the bare Worker, scripts/bench/bare-worker/wrangler.toml).
 */
export async function startWorkerd(databaseUrl: string, vars: Record<string, string>, options: { config?: string; timeoutMs?: number } = {}): Promise<RunningWorker> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const port = await freePort();
  const inspectorPort = await freePort();
  const varArgs = Object.entries({ PUBLIC_URL: `http://127.0.0.1:${port}`, ...vars }).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const child: ChildProcess = spawn(process.execPath, ['scripts/dev-worker.mjs', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--log-level', 'log', ...(options.config ? ['-c', options.config] : []), ...varArgs], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DATABASE_URL: databaseUrl, CI: 'true', FORCE_COLOR: '0' },
  });
  // Keep only the tail: the Worker writes a log line per request. Lines are counted as they come.
  let output = '';
  let builds = 0;
  let partial = '';
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.includes('"msg":"app built"')) builds++;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: string | null = null;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  const stop = () => stopGroup(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${baseUrl}/v1/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) {
        const tree = processTree(child.pid as number);
        const workerds = tree.filter((p) => p.comm === 'workerd').map((p) => ({ pid: p.pid, args: commandLine(p.pid) }));
        const wrangler = tree.find((p) => p.pid !== child.pid && p.comm.startsWith('node'));
        // The proxy is the one that listens on the port asked for (--socket-addr=entry=127.0.0.1:<port>).
        const listensOnPort = (args: string) => args.includes(`entry=127.0.0.1:${port} `) || args.endsWith(`entry=127.0.0.1:${port}`);
        const proxy = workerds.length > 1 ? workerds.find((w) => listensOnPort(w.args)) : undefined;
        const runtime = workerds.filter((w) => w !== proxy);
        if (runtime.length !== 1) {
          await stop();
          throw new Error(`expected one workerd running the Worker under the wrangler started here, found: ${workerds.map((w) => `${w.pid} ${w.args}`).join('; ') || 'none'}`);
        }
        return { baseUrl, inspectorPort, wranglerPid: wrangler?.pid ?? (child.pid as number), runtimePid: (runtime[0] as { pid: number }).pid, proxyPid: proxy?.pid ?? null, output: () => output, appBuilds: () => builds, stop };
      }
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`The Worker did not answer GET /v1/health with 200 (${exited ?? 'timed out'}; last: ${last}).\n--- wrangler output ---\n${output}`);
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((done) => child.once('exit', () => done()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      // Negative pid: the group this script started (dev-worker.mjs, wrangler and workerd), no other.
      process.kill(-(child.pid as number), signal);
    } catch {
      // Already gone.
    }
  };
  signalGroup('SIGTERM');
  await Promise.race([gone, sleep(5_000)]);
  signalGroup('SIGKILL');
}
