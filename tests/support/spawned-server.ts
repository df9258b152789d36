// The real Node entry (src/server.ts) as a child process, for tests of what only a whole process
// shows: that it survives its database going away, how it starts when the database is late, and
// how it stops on SIGTERM. It runs as `node --import tsx` (not npx tsx), so a signal reaches the
// server itself, not a wrapper.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './private-postgres.js';

export interface SpawnedServer {
  port: number;
  /** http://127.0.0.1:<port> */
  origin: string;
  child: ChildProcess;
  /** Everything it printed (stdout and stderr, interleaved as they came). */
  output(): string;
  /** Still running (not exited, not killed by a signal). */
  alive(): boolean;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** How the process ended, and when (performance.now() at the exit event): for timing a stop. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Wait until the output matches; rejects on timeout or when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** SIGTERM, then SIGKILL after 5 s; removes its DATA_DIR. */
  stop(): Promise<void>;
}

export async function spawnServer(env: Record<string, string>): Promise<SpawnedServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'vervolg-server-'));
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: process.cwd(),
    env: { ...inherited, APP_ENV: 'test', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_REQUESTS: 'false', JOBS_INTERVAL_SECONDS: '3600', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let running = true;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.once('exit', (code, signal) => {
      const at = performance.now();
      running = false;
      for (const listener of listeners) listener();
      resolve({ code, signal, at });
    });
  });
  const exited = exit.then(({ code, signal }) => code ?? signal ?? 'unknown');
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    alive: () => running,
    exited,
    exit,
    waitFor: (pattern, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) return done(null);
          if (!running) return done(new Error(`server exited before printing ${pattern}:\n${output}`));
        };
        const timer = setTimeout(() => done(new Error(`server did not print ${pattern} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        const done = (error: Error | null) => {
          clearTimeout(timer);
          listeners.delete(check);
          error ? reject(error) : resolve();
        };
        listeners.add(check);
        check();
      }),
    stop: async () => {
      if (running) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
