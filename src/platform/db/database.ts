// The database handle every part of the app receives. Runtime-neutral: the entry files decide
// whether it is postgres.js (Node or Workers/Hyperdrive) or PGlite (embedded, Node only).
import { Kysely, sql, type Transaction } from 'kysely';
import { PostgresJSDialect } from 'kysely-postgres-js';
import postgres from 'postgres';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;
export type Tx = Transaction<DB>;

/** The role requests run as: NOSUPERUSER NOBYPASSRLS, owns nothing (see migration 0001). */
export const APP_ROLE = 'vervolg_app';
/** The role scheduled jobs run as: sees only the tables a job needs. */
export const JOBS_ROLE = 'vervolg_jobs';

export interface DatabaseHandle {
  db: Database;
  close(): Promise<void>;
  kind: 'postgres' | 'pglite';
}

export interface PostgresOptions {
  /** Pool size; on Workers a client per request needs only a few. */
  max?: number;
  /** Prepare statements (default); turn off behind a pooler that cannot keep them. */
  prepare?: boolean;
}

export function connectPostgres(url: string, options: PostgresOptions = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    // Quiet NOTICEs (e.g. "role already exists") would otherwise print to the console.
    onnotice: () => {},
    connection: { application_name: 'vervolg' },
  });
  // kysely-postgres-js runs every query through sql.unsafe(), which postgres.js does not prepare:
  // each query with parameters then costs two round trips (Parse/Describe, then Bind/Execute)
  // and is parsed and planned anew. Prepared (named, per connection) they cost one.
  const prepare = options.prepare ?? true;
  const prepared = {
    reserve: async () => {
      const reserved = await client.reserve();
      return {
        unsafe: (query: string, parameters?: unknown[]) => reserved.unsafe(query, parameters as never, { prepare }),
        release: () => reserved.release(),
      };
    },
    // Give in-flight queries a moment on shutdown, then close: end() alone waits for ever.
    end: () => client.end({ timeout: 5 }),
  };
  const db = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: (() => prepared) as never }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}

export interface RequestContext {
  tenantId?: string | null;
  providerId?: string | null;
  userId?: string | null;
  operator?: boolean;
}

/**
 * Run `fn` in one transaction as the app role. The role and the context are set with
 * set_config(..., true): transaction-local, so a pooled connection (or Hyperdrive) never carries
 * one request's tenant into the next.
 */
export async function inAppTransaction<T>(
  db: Database,
  fn: (trx: Tx) => Promise<T>,
  role: string = APP_ROLE,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('role', ${role}, true)`.execute(trx);
    return fn(trx);
  });
}

/** Set (or clear, with null) the tenant/provider/user context of the current transaction. */
export async function setContext(trx: Tx, context: RequestContext): Promise<void> {
  const values: [string, string][] = [];
  if (context.tenantId !== undefined) values.push(['app.tenant_id', context.tenantId ?? '']);
  if (context.providerId !== undefined) values.push(['app.provider_id', context.providerId ?? '']);
  if (context.userId !== undefined) values.push(['app.user_id', context.userId ?? '']);
  if (context.operator !== undefined) values.push(['app.operator', context.operator ? 'on' : '']);
  if (values.length === 0) return;
  const calls = values.map(([k, v]) => sql`set_config(${k}, ${v}, true)`);
  await sql`select ${sql.join(calls)}`.execute(trx);
}

/**
 * A jsonb value that both drivers store as the object: postgres.js would JSON-encode a string
 * parameter typed jsonb a second time (storing a JSON string), so the text is cast in SQL.
 */
export function jsonb(value: unknown) {
  return sql<string>`(${typeof value === 'string' ? value : JSON.stringify(value)}::text)::jsonb`;
}
