// The throwaway database every in-process benchmark works in: made on DATABASE_URL's server, with
// a postgres.js connection as its owner (the superuser: seeding bypasses row-level security, as a
// migration would) and the app's own Kysely handle, migrated. Dropped by drop(), also when the run
// failed; BENCH_KEEP=1 keeps it, to look at plans afterwards.
import postgres from 'postgres';
import { connectPostgres, type DatabaseHandle } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { DEFAULT_DATABASE_URL } from './settings.js';

export type Sql = postgres.Sql;

export interface ThrowawayDatabase {
  name: string;
  /** The throwaway database's URL. */
  url: string;
  /** The server's host:port, for the first line of a report. */
  host: string;
  /** As the owner (the connecting superuser): seeding, VACUUM, counts. */
  owner: Sql;
  /** The app's handle (Kysely over postgres.js); its db goes into createApp. */
  handle: DatabaseHandle;
  /** Closes both connections and drops the database (unless BENCH_KEEP is set); never throws. */
  drop(log: (line: string) => void): Promise<void>;
}

/** DATABASE_URL, or the local default. */
export const serverUrl = () => process.env.DATABASE_URL || DEFAULT_DATABASE_URL;

/**
 * Creates `<prefix>_<time>` on DATABASE_URL's server and migrates it; `pool` is the app handle's
 * size, `ownerPool` the owner's (1: every statement on one connection, in order).
 */
export async function throwawayDatabase(prefix: string, options: { pool?: number; ownerPool?: number } = {}): Promise<ThrowawayDatabase> {
  const adminUrl = serverUrl();
  const name = `${prefix}_${Date.now().toString(36)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const owner = postgres(url.toString(), { max: options.ownerPool ?? 1, onnotice: () => {} });
  const handle = connectPostgres(url.toString(), { max: options.pool ?? 4 });
  const drop = async (log: (line: string) => void) => {
    // A seed statement still running (after Ctrl-C) is cut off: the database goes anyway.
    await Promise.all([handle.close().catch(() => {}), owner.end({ timeout: 1 }).catch(() => {})]);
    if (process.env.BENCH_KEEP) {
      log(`kept ${name}`);
      return;
    }
    const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await dropper.unsafe(`drop database if exists ${name} with (force)`).then(
      () => log(`dropped ${name}`),
      (e) => log(`could not drop ${name}: ${e}`),
    );
    await dropper.end().catch(() => {});
  };
  try {
    await migrate(handle.db);
  } catch (error) {
    await drop(() => {});
    throw error;
  }
  return { name, url: url.toString(), host: url.host, owner, handle, drop };
}
