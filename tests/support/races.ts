// Start requests at once so that each of them reads a row before any of them writes it: the race
// If-Match (and every other lifecycle guard) has to decide.
//
// On PostgreSQL a connection of the test's own holds the row (SELECT … FOR UPDATE) while the
// requests start: their reads pass, their first write or lock of that row waits. Once every
// request is waiting for a lock (or already answered), the test lets go and they race for real,
// each having read the row as it was. Without the hold the outcome would depend on timing.
// On PGlite there is one connection and transactions run one after the other: the requests
// simply run concurrently, which there means in turn — the guards must hold all the same.
import postgres from 'postgres';
import { usingPostgres } from './db.js';
import type { World } from './world.js';

const WAIT_FOR_REQUESTS_MS = 10_000;

export async function raceOnRow<T extends readonly unknown[]>(
  w: World,
  row: { table: 'agreements' | 'contracts' | 'agreement_template_versions'; id: string },
  requests: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const url = (w.handle as { url?: string }).url;
  if (!usingPostgres || !url) return (await Promise.all(requests.map((request) => request()))) as unknown as T;
  // Two connections: one holds the row in its transaction, the other watches who waits (statistics
  // views are read once per transaction, so the watcher must not be the holder).
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const { running } = await sql.begin(async (hold) => {
      await hold.unsafe(`select 1 from ${row.table} where id = $1 for update`, [row.id]);
      let answered = 0;
      const running = requests.map((request) => request().finally(() => answered++));
      const deadline = Date.now() + WAIT_FOR_REQUESTS_MS;
      for (;;) {
        const [waiting] = await sql<{ n: number }[]>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`;
        if ((waiting?.n ?? 0) + answered >= requests.length) break;
        if (Date.now() > deadline) throw new Error(`raceOnRow: only ${waiting?.n ?? 0} of ${requests.length} requests reached the row`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      // Returned inside an object: postgres.js would otherwise wait for them before committing.
      return { running };
    });
    return (await Promise.all(running)) as unknown as T;
  } finally {
    await sql.end();
  }
}
