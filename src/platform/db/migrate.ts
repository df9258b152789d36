// Brings a database to the current schema, as the connecting (owner) role, in one transaction:
// - the pending migrations (db/migrations/*.sql: tables and data, ordered, each applied once and
//   recorded by name in schema_migrations);
// - then every file of db/functions/*.sql (functions, triggers, row-level security policies),
//   re-applied whenever a migration ran or the files changed: they are idempotent, and what they
//   say is the live definition. Their SHA-256 is kept as the comment of schema_migrations, so a
//   start with nothing new re-applies nothing: re-creating a policy locks its table, and with
//   several instances starting, that would stall the requests of the others.
// The SQL comes from db/generated/sql.ts (`npm run db:bundle`), so the Worker carries it too.
// One transaction: a database never shows new tables without their policies, and a failure leaves
// it as it was. Prints a progress line per migration when asked to.
import { sql } from 'kysely';
import { functions, migrations } from '../../../db/generated/sql.js';
import { sha256Hex } from '../crypto.js';
import type { Database } from './database.js';

/** What the comment of schema_migrations says once the function files below are applied. */
const FUNCTIONS_APPLIED = `db/functions sha256:${sha256Hex(functions.map((f) => `${f.name}\n${f.sql}`).join('\n'))}`;

export async function migrate(db: Database, log: (line: string) => void = () => {}): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`.execute(db);
  return db.transaction().execute(async (trx) => {
    // Serialise concurrent migrators (two processes starting at once) on one advisory lock; what is
    // pending is read only once the lock is held.
    await sql`select pg_advisory_xact_lock(7421001)`.execute(trx);
    const done = new Set((await trx.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
    const pending = migrations.filter((m) => !done.has(m.name));
    for (const [i, migration] of pending.entries()) {
      log(`migrating ${i + 1}/${pending.length}: ${migration.name}`);
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: migration.name }).execute();
    }
    const { rows } = await sql<{ comment: string | null }>`select obj_description('schema_migrations'::regclass, 'pg_class') as comment`.execute(trx);
    if (!pending.length && rows[0]?.comment === FUNCTIONS_APPLIED) return [];
    if (pending.length) log(`functions, triggers and policies: ${functions.map((f) => f.name).join(', ')}`);
    for (const file of functions) await sql.raw(file.sql).execute(trx);
    await sql.raw(`comment on table schema_migrations is '${FUNCTIONS_APPLIED}'`).execute(trx);
    return pending.map((m) => m.name);
  });
}
