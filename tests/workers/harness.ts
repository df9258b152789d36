// The one set-up every Workers test file shares: a throwaway PostgreSQL database (migrated), the
// file's own seed written into it from Node as the owner role, then the real Worker started
// against it; all stopped after the file. Use it at the top of a file:
//
//   const harness = useWorker({ seed: async (db) => { …insert rows… }, vars: { APP_ENV: 'development' } });
//   it('…', async () => { const res = await harness.request('GET', '/v1/health'); … });
//   it('…', async () => { const a = (await harness.call(agreements.getAgreement, { token, params })).json(200); … });
//
// `vars` may be a function when they are only known in beforeAll (e.g. a fake server's port).
import type { RouteConfig } from '@hono/zod-openapi';
import { afterAll, beforeAll, expect } from 'vitest';
import { createSession } from '../../src/platform/auth/sessions.js';
import { type Database, inAppTransaction } from '../../src/platform/db/database.js';
import { createTestDatabase } from '../support/db.js';
import { type Answer, type CallInput, callRoute } from '../support/request.js';
import { type WorkerProcess, startWorker } from './worker-process.js';

export interface WorkerHarness {
  /** The test database (owner role), for seeding and for reading what the Worker wrote. */
  readonly db: Database;
  /** The running Worker; throws before beforeAll has started it. */
  readonly worker: WorkerProcess;
  /** The Worker's URL for a path, e.g. url('/v1/health'). */
  url(path: string): string;
  /** A JSON request to the Worker: Bearer token and JSON body when given. */
  request(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Call an operation by its route, the response typed from the route's schemas (tests/support/request.ts). */
  call<R extends RouteConfig>(route: R, input: CallInput<R>): Promise<Answer<R>>;
}

export function useWorker(setup: { seed?: (db: Database) => Promise<void>; vars?: Record<string, string> | (() => Record<string, string>); withoutPdfWorker?: boolean } = {}): WorkerHarness {
  let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await setup.seed?.(database.db);
    const vars = typeof setup.vars === 'function' ? setup.vars() : setup.vars;
    worker = await startWorker(database.url as string, { ...(vars ? { vars } : {}), withoutPdfWorker: setup.withoutPdfWorker === true });
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
    request: (method, path, options = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['Content-Type'] = 'application/json';
      return fetch(harness.url(path), { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    },
    // The client address (`from`) is the Worker's to see (CF-Connecting-IP); it is not sent here.
    call: (route, input) => callRoute((method, path, { from: _from, ...options }) => harness.request(method, path, options), route, input),
  };
  return harness;
}

/**
 * A session token for a person whose second factor counts as verified, made directly in the
 * database (as the World makes its people's sessions): for the tests that start from a signed-in
 * person. The sign-in itself — password, then a TOTP code, each code usable once — has its own test.
 */
export function verifiedSession(db: Database, userId: string): Promise<string> {
  return inAppTransaction(db, async (trx) => (await createSession(trx, userId, { twoFactorVerified: true, userAgent: 'vitest (workers)' })).token);
}

/** The body of a JSON response, after checking its status (the body is the message when it differs). */
export async function json<T>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as T;
}
