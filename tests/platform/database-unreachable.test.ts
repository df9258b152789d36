// A database that cannot be reached answers 503 problem+json with Retry-After, on an API route and
// on /v1/health, and within seconds (issue 10, item 3): refused connections, a server that accepts
// and never answers (the connect timeout), and PGlite closed under the app. Needs no PostgreSQL.
import { createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { TEST_SECRET_KEYS, loadConfig } from '../../src/config.js';
import { connectPostgres, type DatabaseHandle } from '../../src/platform/db/database.js';
import { connectPglite } from '../../src/platform/db/pglite.js';
import { nodeDocsAssets } from '../../src/platform/http/docs-assets-node.js';
import { freePort } from '../support/private-postgres.js';
import { RecordingTransport, connectionFrom, TEST_CLIENT_IP } from '../support/world.js';

const config = loadConfig({ APP_ENV: 'test', PUBLIC_URL: 'https://vervolg.test', SECRET_KEYS: TEST_SECRET_KEYS });
const handles: DatabaseHandle[] = [];

function appOn(handle: DatabaseHandle) {
  handles.push(handle);
  const logs: Record<string, unknown>[] = [];
  const app = createApp({ config, db: handle.db, transport: new RecordingTransport(), log: (e) => logs.push(e), runtime: 'node', docsAssets: nodeDocsAssets });
  return {
    logs,
    request: (method: string, path: string, body?: unknown) =>
      app.request(path, { method, headers: { Authorization: 'Bearer vk_not_a_real_key', 'Content-Type': 'application/json', 'Idempotency-Key': 'k-1' }, ...(body ? { body: JSON.stringify(body) } : {}) }, connectionFrom(TEST_CLIENT_IP)),
  };
}

async function expectDatabaseUnavailable(response: Response | Promise<Response>, withinMs: number) {
  const started = performance.now();
  const res = await response;
  const elapsed = performance.now() - started;
  const text = await res.text();
  expect(res.status, text).toBe(503);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.headers.get('retry-after')).toBe('2');
  expect(JSON.parse(text)).toMatchObject({ type: 'https://vervolg.nl/problems/database-unavailable', title: 'Database unavailable', status: 503 });
  expect(elapsed).toBeLessThan(withinMs);
}

const blackHoleSockets: Socket[] = [];
/** Accepts TCP connections and never says a word: a stopped or unreachable server behind a proxy. */
const blackHole = createServer((socket) => blackHoleSockets.push(socket));

afterAll(async () => {
  for (const socket of blackHoleSockets) socket.destroy();
  blackHole.close();
  for (const handle of handles) await handle.close().catch(() => {});
});

describe('the database cannot be reached', () => {
  it('connection refused: 503 problem+json at once on an API route and on /v1/health', async () => {
    const app = appOn(connectPostgres(`postgres://postgres@127.0.0.1:${await freePort()}/vervolg`, { max: 2 }));
    await expectDatabaseUnavailable(app.request('GET', '/v1/health'), 2_000);
    await expectDatabaseUnavailable(app.request('POST', '/v1/providers/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11/outcome-batches', { records: [] }), 2_000);
    expect(app.logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'database unavailable', reason: 'ECONNREFUSED' }));
  });

  it('a server that never answers: 503 after the connect timeout, not after the driver’s 30 s', async () => {
    const port = await new Promise<number>((resolve) => blackHole.listen(0, '127.0.0.1', () => resolve((blackHole.address() as { port: number }).port)));
    const app = appOn(connectPostgres(`postgres://postgres@127.0.0.1:${port}/vervolg`, { max: 2, connectTimeoutSeconds: 1 }));
    await expectDatabaseUnavailable(app.request('GET', '/v1/health'), 3_000);
    await expectDatabaseUnavailable(app.request('POST', '/v1/providers/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11/outcome-batches', { records: [] }), 3_000);
    expect(app.logs).toContainEqual(expect.objectContaining({ msg: 'database unavailable', reason: 'CONNECT_TIMEOUT' }));
  }, 10_000);

  // Opening PGlite runs its initdb in WASM: seconds, on a busy machine more than a test's 30 s, so
  // it is done in a hook (60 s), like every test database.
  let pglite: DatabaseHandle;
  beforeAll(async () => {
    pglite = await connectPglite();
  });

  it('PGlite closed under the app (shutting down): 503, not 500', async () => {
    const handle = pglite;
    const app = appOn(handle);
    await handle.close();
    await expectDatabaseUnavailable(app.request('GET', '/v1/health'), 2_000);
    await expectDatabaseUnavailable(app.request('POST', '/v1/providers/0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11/outcome-batches', { records: [] }), 2_000);
  });
});
