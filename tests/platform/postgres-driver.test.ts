// Our Kysely driver over postgres.js (src/platform/db/postgres-driver.ts, issue 15): BEGIN leaves
// with the transaction's first statement and a statement deferred until commit leaves with the
// COMMIT. What must hold: the same transactions as before (all or nothing, in order), and fewer
// writes to the server — counted on the socket itself.
import net from 'node:net';
import { Kysely, sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferredUntilCommit, pipelinedPostgresDialect } from '../../src/platform/db/postgres-driver.js';

const adminUrl = process.env.DATABASE_URL;
const skipReason = adminUrl ? null : 'DATABASE_URL is unset: the driver is the one for PostgreSQL';

// biome-ignore lint/suspicious/noExplicitAny: a table made by this test only
type AnyDb = any;

describe.skipIf(Boolean(skipReason))(`the pipelining driver${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const table = `driver_test_${Date.now().toString(36)}`;
  let writes = 0;
  let client: postgres.Sql;
  let db: Kysely<AnyDb>;

  beforeAll(async () => {
    const url = new URL(adminUrl as string);
    // postgres.js takes a `socket` (a function giving a connected socket), which its types leave out.
    const countingSocket = {
      // A connected socket whose writes are counted: one write is one batch of messages.
      socket: () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(url.port || 5432), url.hostname, () => resolve(socket));
          socket.once('error', reject);
          const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
          socket.write = ((...args: unknown[]) => {
            writes++;
            return write(...args);
          }) as typeof socket.write;
        }),
    } as Record<string, unknown>;
    client = postgres(adminUrl as string, { max: 1, onnotice: () => {}, ...countingSocket });
    db = new Kysely<AnyDb>({ dialect: pipelinedPostgresDialect(client, { prepare: true }) });
    await sql.raw(`create table ${table} (id int primary key, note text not null)`).execute(db);
  });

  afterAll(async () => {
    await sql.raw(`drop table if exists ${table}`).execute(db);
    await db.destroy();
  });

  const insert = (trx: Kysely<AnyDb>, id: number, note: string | null) => trx.insertInto(table).values({ id, note }).compile();
  const rows = async () => (await sql.raw<{ id: number }>(`select id from ${table} order by id`).execute(db)).rows.map((r) => r.id);

  it('a transaction of two statements and a deferred one: three writes (BEGIN with the first, the deferred one with the COMMIT), all committed', async () => {
    const run = (base: number) =>
      db.transaction().execute(async (trx) => {
        // In a transaction: a transaction-local setting survives to the next statement.
        await sql`select set_config('app.driver_test', ${String(base)}, true)`.execute(trx);
        const { rows: seen } = await sql<{ v: string }>`select current_setting('app.driver_test') as v`.execute(trx);
        expect(seen[0]?.v).toBe(String(base));
        await trx.executeQuery(deferredUntilCommit(insert(trx, base, 'deferred')));
      });
    await run(1); // prepares the statements (a first use describes them before it binds)
    writes = 0;
    await run(2);
    expect(writes).toBe(3);
    expect(await rows()).toEqual([1, 2]);
  });

  it('a deferred statement runs after the transaction’s other statements, inside it', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(deferredUntilCommit(insert(trx, 10, 'second')));
      await trx.executeQuery(insert(trx, 11, 'first'));
      // Not sent yet: the row is not there until the commit.
      const { rows: now } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where id = 10`.execute(trx);
      expect(now[0]?.n).toBe(0);
    });
    expect(await rows()).toEqual([1, 2, 10, 11]);
  });

  it('a deferred statement that fails fails the commit: nothing of the transaction stays', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.executeQuery(insert(trx, 20, 'kept?'));
        await trx.executeQuery(deferredUntilCommit(insert(trx, 21, null))); // note is NOT NULL
      }),
    ).rejects.toMatchObject({ code: '23502' });
    expect(await rows()).toEqual([1, 2, 10, 11]);
    // The connection is clean afterwards (not left in an aborted transaction).
    await db.transaction().execute(async (trx) => {
      await trx.executeQuery(insert(trx, 22, 'after'));
    });
    expect(await rows()).toEqual([1, 2, 10, 11, 22]);
  });

  it('a transaction that throws rolls back what it sent and drops what it deferred', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.executeQuery(insert(trx, 30, 'rolled back'));
        await trx.executeQuery(deferredUntilCommit(insert(trx, 31, 'never sent')));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await rows()).toEqual([1, 2, 10, 11, 22]);
  });

  it('a transaction that runs no statement sends nothing', async () => {
    writes = 0;
    await db.transaction().execute(async () => {});
    expect(writes).toBe(0);
  });

  it('outside a transaction a deferred statement runs at once', async () => {
    await db.executeQuery(deferredUntilCommit(insert(db, 40, 'at once')));
    expect(await rows()).toEqual([1, 2, 10, 11, 22, 40]);
  });
});
