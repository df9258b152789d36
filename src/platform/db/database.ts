// The database handle every part of the app receives. Runtime-neutral: the entry files decide
// whether it is postgres.js (Node or Workers/Hyperdrive) or PGlite (embedded, Node only).
import { Kysely, sql, type Transaction } from 'kysely';
import postgres from 'postgres';
import { pipelinedPostgresDialect } from './postgres-driver.js';
import type { DB } from './schema.generated.js';

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
  /** Seconds to wait for a new connection before a request fails (default 5; DATABASE_CONNECT_TIMEOUT_SECONDS). */
  connectTimeoutSeconds?: number;
  /**
   * The array types learned by an earlier client of this process (Workers: one client per
   * request). Without it every new connection asks the server for them again.
   */
  arrayTypes?: ArrayTypeCache;
}

type TypeFunction = (value: unknown) => unknown;
/** The part of postgres.js's parsed options that holds the types (sql.options; see the package's types). */
interface ClientTypes {
  parsers: Record<number, TypeFunction>;
  serializers: Record<number, TypeFunction>;
  shared: { typeArrayMap: Record<number, number> };
}

/**
 * The array types of the server (text[], uuid[], …), learned once per process and handed to every
 * later client. postgres.js reads them on each new connection (fetch_types: a catalog query of
 * ~290 rows, and a parser and serializer made per type) and cannot do without them: our arrays
 * (memberships.roles, the outcome batches' unnest parameters) are sent and read through them.
 * With a pool (Node) that happens once per connection; on Workers every request opens a new
 * client and connection, so it cost every request that (issue 15: a third of the CPU of a
 * members list in workerd). The first client of an isolate fetches them as usual; once it is
 * closed, its array parsers and serializers are kept here and given to each new client, which
 * then skips the query (fetch_types: false). The functions are postgres.js's own, made for
 * the first client's options: every client here is made by connectPostgres with the same options.
 * A server whose array types changed (a new extension's type) is a new deploy's isolate away.
 */
export class ArrayTypeCache {
  #learned: ClientTypes | null = null;

  get learned(): boolean {
    return this.#learned !== null;
  }

  /**
   * Hand what was learned to a client made with fetch_types: false, without copying ~600 entries
   * into each request's client: the learned array parsers and serializers become the prototype of
   * the client's own tables (which hold only the base types), so a lookup of an array type finds
   * them there. (The connections keep a reference to the parsers table they were made with, so the
   * table itself cannot be swapped; the serializers and the type map are read through the options.)
   * With fetch_types off nothing writes to these objects: every client of the isolate shares them.
   */
  install(client: postgres.Sql): void {
    const learned = this.#learned;
    if (!learned) return;
    const types = client.options as unknown as ClientTypes;
    Object.setPrototypeOf(types.parsers, learned.parsers);
    Object.setPrototypeOf(types.serializers, learned.serializers);
    types.shared.typeArrayMap = learned.shared.typeArrayMap;
  }

  /** Keep the array types of a client that fetched them (nothing if it never connected). */
  learnFrom(client: postgres.Sql): void {
    if (this.#learned) return;
    const types = client.options as unknown as ClientTypes;
    const typeArrayMap = { ...types.shared.typeArrayMap };
    const arrays = Object.values(typeArrayMap);
    if (arrays.length === 0) return;
    const pick = (table: Record<number, TypeFunction>): Record<number, TypeFunction> => Object.fromEntries(arrays.flatMap((oid) => (table[oid] ? [[oid, table[oid]]] : [])));
    this.#learned = { parsers: pick(types.parsers), serializers: pick(types.serializers), shared: { typeArrayMap } };
  }
}

/**
 * Seconds before the next attempt to connect after the previous one failed, by the number of
 * failures in a row (postgres.js asks; reset by a success). The driver's own default grows to 10–20 s
 * after a handful of failures: during an outage every request would then wait that long for its
 * 503, and after recovery the first requests would wait that long for a connection. Capped at
 * half a second, ten pool connections still try at most 20 times a second.
 */
export const reconnectDelaySeconds = (failures: number) => Math.min(0.05 * 2 ** failures, 0.5);

export function connectPostgres(url: string, options: PostgresOptions = {}): DatabaseHandle {
  const arrayTypes = options.arrayTypes;
  const knownTypes = arrayTypes?.learned ?? false;
  const client = postgres(url, {
    max: options.max ?? 10,
    // A server that accepts the connection but never answers (stopped, overloaded, a network that
    // drops packets) must not hold a request longer than this: it then gets a 503.
    connect_timeout: options.connectTimeoutSeconds ?? 5,
    backoff: reconnectDelaySeconds,
    // Quiet NOTICEs (e.g. "role already exists") would otherwise print to the console.
    onnotice: () => {},
    connection: { application_name: 'vervolg' },
    // Learned by an earlier client (ArrayTypeCache): no catalog query on connecting.
    fetch_types: !knownTypes,
  });
  if (knownTypes) arrayTypes?.install(client);
  // Every statement is prepared (named, per connection): parsed and planned once, then one round
  // trip each; behind a pooler that cannot keep them, prepare: false. The dialect pipelines BEGIN
  // and COMMIT with their neighbours (postgres-driver.ts).
  const db = new Kysely<DB>({ dialect: pipelinedPostgresDialect(client, { prepare: options.prepare ?? true }) });
  return {
    db,
    kind: 'postgres',
    close: async () => {
      await db.destroy();
      if (arrayTypes && !knownTypes) arrayTypes.learnFrom(client);
    },
  };
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
 * A calendar day ('YYYY-MM-DD') as an SQL date, to compare a date column with. The generated
 * column types say what the drivers return for a date (a Date), so a day string is not one; the
 * cast makes the comparison the same as before, between two dates.
 */
export const sqlDay = (day: string) => sql<Date>`${day}::date`;

// jsonb() lives in ./jsonb.ts (beside the type the generated schema uses); kept here too, where
// callers import the database helpers from.
export { jsonb } from './jsonb.js';
