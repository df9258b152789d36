// The array types learned once per process (ArrayTypeCache in src/platform/db/database.ts, issue
// 15): the Worker opens a client per request, and only the isolate's first one asks the server for
// the array types. What must hold: a later client (fetch_types off) sends and reads arrays as the
// first one does, its first reservation does not hang (postgres.js needed a patch for that), and
// it sends no catalog query of its own.
import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArrayTypeCache, connectPostgres } from '../../src/platform/db/database.js';

const adminUrl = process.env.DATABASE_URL;
const skipReason = adminUrl ? null : 'DATABASE_URL is unset: the cache is postgres.js’s';

describe.skipIf(Boolean(skipReason))(`array types learned once per process${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const table = `array_types_test_${Date.now().toString(36)}`;
  const cache = new ArrayTypeCache();
  const url = adminUrl as string;

  beforeAll(async () => {
    const handle = connectPostgres(url, { max: 1 });
    await sql.raw(`create table ${table} (id int primary key, roles text[] not null, ids uuid[] not null)`).execute(handle.db);
    await handle.close();
  });

  afterAll(async () => {
    const handle = connectPostgres(url, { max: 1 });
    await sql.raw(`drop table if exists ${table}`).execute(handle.db);
    await handle.close();
  });

  /** One "request": a client of its own, a transaction (reserve) that writes and reads arrays. */
  const request = async (id: number) => {
    const handle = connectPostgres(url, { max: 3, arrayTypes: cache });
    try {
      return await handle.db.transaction().execute(async (trx) => {
        const roles = ['admin', 'case-manager', 'with,comma', 'with "quote"'];
        const ids = ['0190a0b0-0000-7000-8000-000000000001', '0190a0b0-0000-7000-8000-000000000002'];
        await trx.insertInto(table as never).values({ id, roles, ids } as never).execute();
        const { rows } = await sql<{ roles: string[]; ids: string[]; tags: string[] }>`
          select roles, ids, ${['a', 'b']}::text[] as tags from ${sql.table(table)} where id = ${id}`.execute(trx);
        // Arrays sent as parameters to unnest, as the outcomes module does.
        const { rows: unnested } = await sql<{ x: string }>`select unnest(${['x', 'y']}::text[]) as x`.execute(trx);
        return { row: rows[0], unnested: unnested.map((r) => r.x) };
      });
    } finally {
      await handle.close();
    }
  };

  it('the first client fetches the types; later ones reuse them, reserve a connection and read and write arrays the same', async () => {
    expect(cache.learned).toBe(false);
    const first = await request(1);
    expect(cache.learned).toBe(true);
    const expected = { roles: ['admin', 'case-manager', 'with,comma', 'with "quote"'], ids: ['0190a0b0-0000-7000-8000-000000000001', '0190a0b0-0000-7000-8000-000000000002'], tags: ['a', 'b'] };
    expect(first.row).toEqual(expected);
    expect(first.unnested).toEqual(['x', 'y']);
    for (const id of [2, 3]) {
      // With fetch_types off, an unpatched postgres.js never hands over the first reservation.
      const later = await Promise.race([request(id), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the reservation hung')), 5_000))]);
      expect(later.row).toEqual(expected);
      expect(later.unnested).toEqual(['x', 'y']);
    }
  });

  it('a client given the learned types sends no catalog query, only its own statements', async () => {
    const statements = (fetchTypes: boolean) => {
      const sent: string[] = [];
      // postgres.js's debug hook sees every statement a client sends, its own catalog query too.
      const client = postgres(url, { max: 1, onnotice: () => {}, fetch_types: fetchTypes, debug: (_connection, query) => sent.push(query) });
      return { client, sent };
    };
    const learner = statements(true);
    const fresh = new ArrayTypeCache();
    await learner.client.begin((trx) => trx`select ${['a']}::text[] as a`);
    fresh.learnFrom(learner.client);
    await learner.client.end();
    expect(learner.sent.some((q) => q.includes('typarray'))).toBe(true);

    const later = statements(false);
    fresh.install(later.client);
    const [row] = await later.client.begin((trx) => trx`select ${['a', 'b']}::text[] as a, array[1, 2]::int4[] as n`);
    await later.client.end();
    expect(row).toEqual({ a: ['a', 'b'], n: [1, 2] });
    expect(later.sent.some((q) => q.includes('typarray'))).toBe(false);
  });
});
