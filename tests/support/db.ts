// A fresh, migrated database per test file: PGlite in memory, or — when DATABASE_URL is set — a
// throwaway database on that PostgreSQL server, dropped afterwards.
import postgres from 'postgres';
import { connectPostgres, type DatabaseHandle } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { connectPglite } from '../../src/platform/db/pglite.js';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** On `adminUrl`'s server (default DATABASE_URL; a fault test passes its private cluster's). */
export async function createTestDatabase(adminUrl = process.env.DATABASE_URL): Promise<DatabaseHandle & { url?: string }> {
  if (!adminUrl) {
    const handle = await connectPglite();
    await migrate(handle.db);
    return handle;
  }
  const name = `vervolg_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectPostgres(url.toString(), { max: 10 });
  await migrate(handle.db);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
