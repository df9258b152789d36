// The backend of a connection in use is killed (pg_terminate_backend, as a fast shutdown or a
// failover does): the process lives, the request gets 503, and the next requests work (issue 10,
// item 3). Before the postgres.js patch (patches/postgres+3.4.9.patch, upstream issue 1208) the
// next write on such a connection threw a TypeError from a setImmediate and killed the process.
// On the shared server: only backends of this test's own connections are terminated (found by
// their pid, or by this test's throwaway database and the app's application_name).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertContract } from '../support/contracts.js';
import { createWorld, type World } from '../support/world.js';

const adminUrl = process.env.DATABASE_URL;
const skipReason = adminUrl ? null : 'DATABASE_URL is unset: needs PostgreSQL (pg_terminate_backend)';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const codeOf = (error: unknown) => (error as { code?: string }).code ?? String(error);
const CONNECTION_LOST = ['ECONNRESET', 'CONNECTION_CLOSED', '57P01'];

type Postgres = typeof postgres;
const drivers: [string, () => Promise<Postgres>][] = [
  ['ES module build (src/, what the Node server loads)', async () => (await import('postgres')).default],
  ['CommonJS build (cjs/src/)', async () => createRequire(import.meta.url)('postgres') as Postgres],
];

describe.skipIf(Boolean(skipReason))(`postgres.js: a reserved connection whose backend was terminated${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  describe.each(drivers)('%s', (_name, load) => {
    let sql: ReturnType<Postgres>;
    let killer: ReturnType<Postgres>;
    beforeAll(async () => {
      const driver = await load();
      sql = driver(adminUrl as string, { max: 2, onnotice: () => {}, connection: { application_name: 'vervolg-test-terminate' } });
      killer = driver(adminUrl as string, { max: 1, onnotice: () => {} });
    });
    afterAll(async () => {
      await sql?.end({ timeout: 1 });
      await killer?.end({ timeout: 1 });
    });

    async function reserveAndTerminate() {
      const reserved = await sql.reserve();
      const [row] = await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`;
      await killer`select pg_terminate_backend(${row?.pid as number})`;
      return reserved;
    }

    it('rejects later queries on it with CONNECTION_CLOSED (upstream 1208: an uncaught TypeError), and the pool works after', async () => {
      const reserved = await reserveAndTerminate();
      expect(CONNECTION_LOST).toContain(await reserved`select 1`.then(() => 'ok', codeOf));
      await pause(50); // the socket's close has been handled: the connection has no socket now
      expect(await reserved`select 2`.then(() => 'ok', codeOf)).toBe('CONNECTION_CLOSED');
      reserved.release();
      // Released after it died, it must not go back to the pool as an open connection.
      for (let i = 0; i < 4; i++) expect((await sql<{ i: number }[]>`select ${i}::int as i`)[0]?.i).toBe(i);
      for (let i = 0; i < 4; i++) {
        const again = await sql.reserve();
        expect((await again<{ i: number }[]>`select ${i}::int as i`)[0]?.i).toBe(i);
        again.release();
      }
    });

    it('settles a query sent between the socket’s error and its close (it used to wait for ever)', async () => {
      const reserved = await reserveAndTerminate();
      expect(CONNECTION_LOST).toContain(await reserved`select 1`.then(() => 'ok', codeOf));
      const settled = await Promise.race([reserved`select 2`.then(() => 'ok', codeOf), pause(3_000).then(() => 'still waiting after 3 s')]);
      expect(CONNECTION_LOST).toContain(settled);
      reserved.release();
      expect((await sql<{ one: number }[]>`select 1 as one`)[0]?.one).toBe(1);
    });
  });

  it('the Worker’s build (cf/src/, runs in workerd) carries the same patch', () => {
    // require.resolve gives <package>/cjs/src/index.js (its "exports" hide package.json).
    const packageDir = join(dirname(createRequire(import.meta.url).resolve('postgres')), '..', '..');
    const file = (path: string) => readFileSync(join(packageDir, path), 'utf8');
    for (const build of ['src', 'cjs/src', 'cf/src']) {
      expect(file(`${build}/connection.js`), build).toMatch(/function nextWrite\(fn\) \{[\s\S]{0,600}if \(socket === null\) \{[\s\S]{0,200}error\(Errors\.connection\('CONNECTION_CLOSED'/);
      expect(file(`${build}/index.js`), build).toContain('if (c.reserved !== ours)');
      expect(file(`${build}/index.js`), build).toContain('query.reserve && queries.push(query)');
    }
  });
});

describe.skipIf(Boolean(skipReason))('the app: a request whose backend is terminated mid-transaction', () => {
  let w: World;
  let contractId = '';
  let admin: ReturnType<Postgres>;
  beforeAll(async () => {
    w = await createWorld();
    contractId = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products: [{ productCategory: '45' }], startDate: '2024-01-01', endDate: '2028-12-31' })).id;
    admin = postgres(w.url as string, { max: 2, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await admin?.end({ timeout: 1 });
    await w?.close();
  });

  let reference = 0;
  const deliver = () => {
    const ref = `TB-${++reference}`;
    return w.request('POST', `/v1/providers/${w.P1.id}/outcome-batches`, {
      token: w.P1.apiKey,
      headers: { 'Idempotency-Key': `terminate-${ref}` },
      body: { records: [{ type: 'trajectory', reference: ref, clientReference: `CL-${ref}`, contractId, productCategory: '45', startDate: '2025-01-10' }] },
    });
  };

  it('answers 503 problem+json, the process lives, and every next request works', async () => {
    expect((await deliver()).status).toBe(201);
    // Hold the request inside its transaction: it waits for a lock this test holds.
    const locker = await admin.reserve();
    let pid: number | undefined;
    let response: Promise<Response> | undefined;
    try {
      await locker`begin`;
      await locker`lock table trajectories in access exclusive mode`;
      response = deliver();
      for (let i = 0; i < 100 && pid === undefined; i++) {
        const [waiting] = await admin<{ pid: number }[]>`
          select pid from pg_stat_activity
           where datname = current_database() and application_name = 'vervolg' and wait_event_type = 'Lock'`;
        pid = waiting?.pid;
        if (pid === undefined) await pause(50);
      }
      expect(pid, 'the request is waiting for the lock').toBeDefined();
      await admin`select pg_terminate_backend(${pid as number})`;
      const res = await response;
      const text = await res.text();
      expect(res.status, text).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('2');
      expect(JSON.parse(text)).toMatchObject({ type: 'https://vervolg.nl/problems/database-unavailable' });
    } finally {
      await locker`rollback`.catch(() => {});
      locker.release();
    }
    // More requests than the pool has connections: a dead connection put back would fail one.
    for (let i = 0; i < 12; i++) expect((await deliver()).status).toBe(201);
    expect((await w.request('GET', '/v1/health')).status).toBe(200);
    const [count] = await admin<{ n: number }[]>`select count(*)::int as n from trajectories where reference like 'TB-%'`;
    // The first delivery, the twelve after; not the one whose transaction was killed.
    expect(count?.n).toBe(13);
  });
});
