// The one set-up every Workers test file shares: a throwaway PostgreSQL database (migrated), the
// file's own seed written into it from Node as the owner role, then the real Worker started
// against it; all stopped after the file. Use it at the top of a file:
//
//   const harness = useWorker({ seed: async (db) => { …insert rows… }, vars: { APP_ENV: 'development' } });
//   it('…', async () => { const res = await harness.call('GET', '/v1/health'); … });
//
// `vars` may be a function when they are only known in beforeAll (e.g. a fake server's port).
import { afterAll, beforeAll, expect } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../support/db.js';
import { type WorkerProcess, startWorker } from './worker-process.js';

export interface WorkerHarness {
  /** The test database (owner role), for seeding and for reading what the Worker wrote. */
  readonly db: Database;
  /** The running Worker; throws before beforeAll has started it. */
  readonly worker: WorkerProcess;
  /** The Worker's URL for a path, e.g. url('/v1/health'). */
  url(path: string): string;
  /** A JSON request to the Worker: Bearer token and JSON body when given. */
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
}

export function useWorker(setup: { seed?: (db: Database) => Promise<void>; vars?: Record<string, string> | (() => Record<string, string>) } = {}): WorkerHarness {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await setup.seed?.(database.db);
    const vars = typeof setup.vars === 'function' ? setup.vars() : setup.vars;
    worker = await startWorker(database.url as string, vars ? { vars } : {});
  });

  afterAll(async () => {
    await worker?.stop();
    await database?.close();
  });

  const harness: WorkerHarness = {
    get db() {
      if (!database) throw new Error('the test database is not set up yet');
      return database.db;
    },
    get worker() {
      if (!worker) throw new Error('the Worker is not running');
      return worker;
    },
    url: (path) => `${harness.worker.baseUrl}${path}`,
    call: (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(harness.url(path), { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    },
  };
  return harness;
}

/** The body of a JSON response, after checking its status (the body is the message when it differs). */
export async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}
