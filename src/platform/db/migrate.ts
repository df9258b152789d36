// Applies the statically imported migrations in order, each in its own transaction, as the
// connecting (owner) role. Prints a progress line per migration when asked to.
import { sql } from 'kysely';
import { migrations } from '../../../db/migrations/index.js';
import type { Database } from './database.js';

export async function migrate(db: Database, log: (line: string) => void = () => {}): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`.execute(db);
  const done = new Set((await db.selectFrom('schema_migrations').select('name').execute()).map((r) => r.name));
  const applied: string[] = [];
  const pending = migrations.filter((m) => !done.has(m.name));
  for (const [i, migration] of pending.entries()) {
    log(`migrating ${i + 1}/${pending.length}: ${migration.name}`);
    await db.transaction().execute(async (trx) => {
      // Serialise concurrent migrators (two processes starting at once) on one advisory lock.
      await sql`select pg_advisory_xact_lock(7421001)`.execute(trx);
      const again = await trx.selectFrom('schema_migrations').select('name').where('name', '=', migration.name).executeTakeFirst();
      if (again) return;
      await sql.raw(migration.up).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: migration.name }).execute();
    });
    applied.push(migration.name);
  }
  return applied;
}
