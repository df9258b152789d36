// Kysely over postgres.js, with fewer round trips per transaction (issue 15, the request path).
//
// A request is one transaction: BEGIN, app_enter, the route's statements, for a read of personal
// data the processing-log row, COMMIT. Sent one by one that is five round trips, and on a busy
// machine each one costs a wake-up of Node and of the PostgreSQL backend. postgres.js pipelines
// statements issued on one connection without waiting for the previous answer, so:
//
// - BEGIN is not sent on its own: it goes out in the same write as the transaction's first
//   statement (a transaction that runs no statement sends nothing at all);
// - a statement marked with deferUntilCommit (the processing-log row of a read, written after the
//   answer is built) goes out in the same write as the COMMIT. It still runs inside the
//   transaction, before the commit: if it fails, PostgreSQL turns the COMMIT into a rollback and
//   the transaction's promise rejects with that statement's error, as if it had been sent alone.
//
// Every statement is still a prepared statement (one Parse per connection, then Bind/Execute),
// and statements are executed in the order they were issued: pipelining changes when they are
// sent, not what runs. PGlite (pglite.ts) runs a deferred statement at once: it has no network.
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
  type Dialect,
} from 'kysely';
import type postgres from 'postgres';

/**
 * The comment that marks a statement to be sent with the COMMIT. A comment, so any driver that
 * does not know it (PGlite) simply runs the statement.
 */
export const DEFER_UNTIL_COMMIT = '/* deferred until commit */ ';

/** Mark a compiled statement to go out with the transaction's COMMIT (see above). */
export function deferredUntilCommit(query: CompiledQuery): CompiledQuery {
  return { ...query, sql: DEFER_UNTIL_COMMIT + query.sql };
}

type Reserved = postgres.ReservedSql;

const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

class PipelinedConnection implements DatabaseConnection {
  /** A BEGIN (or START TRANSACTION …) owed to the server: it leaves with the next statement. */
  #pendingBegin: string | null = null;
  /** Statements to send with the COMMIT, in order. */
  #deferred: CompiledQuery[] = [];
  #inTransaction = false;

  constructor(
    readonly reserved: Reserved,
    private readonly prepare: boolean,
  ) {}

  #send(query: CompiledQuery) {
    return this.reserved.unsafe(query.sql, query.parameters as never, { prepare: this.prepare });
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#inTransaction && query.sql.startsWith(DEFER_UNTIL_COMMIT)) {
      this.#deferred.push(query);
      return { rows: [] };
    }
    let result: postgres.RowList<postgres.Row[]>;
    if (this.#pendingBegin !== null) {
      const begin = this.#send(CompiledQuery.raw(this.#pendingBegin));
      this.#pendingBegin = null;
      // Both are written before either answer is read; Promise.all rejects with the first error.
      [, result] = await Promise.all([begin, this.#send(query)]);
    } else {
      result = await this.#send(query);
    }
    return {
      // A plain array, as Kysely's other drivers give (the driver's list carries extra fields).
      rows: Array.from(result) as R[],
      ...(WRITES.has(result.command) ? { numAffectedRows: BigInt(result.count) } : {}),
    };
  }

  begin(statement: string) {
    this.#pendingBegin = statement;
    this.#deferred = [];
    this.#inTransaction = true;
  }

  async commit() {
    this.#inTransaction = false;
    const deferred = this.#deferred;
    this.#deferred = [];
    if (this.#pendingBegin !== null) {
      // Nothing ran in this transaction: there is nothing to commit, unless statements waited for
      // the commit, which then run in a transaction of their own.
      const begin = this.#pendingBegin;
      this.#pendingBegin = null;
      if (deferred.length === 0) return;
      await Promise.all([this.#send(CompiledQuery.raw(begin)), ...deferred.map((q) => this.#send(q)), this.#send(COMMIT)]);
      return;
    }
    await Promise.all([...deferred.map((q) => this.#send(q)), this.#send(COMMIT)]);
  }

  async rollback() {
    this.#inTransaction = false;
    this.#deferred = [];
    if (this.#pendingBegin !== null) {
      this.#pendingBegin = null;
      return;
    }
    await this.#send(ROLLBACK);
  }

  // biome-ignore lint/correctness/useYield: the app streams no query results; Kysely requires the method
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported by this driver');
  }
}

class PipelinedPostgresDriver implements Driver {
  constructor(
    private readonly client: postgres.Sql,
    private readonly prepare: boolean,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new PipelinedConnection(await this.client.reserve(), this.prepare);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin';
    if (settings.isolationLevel || settings.accessMode) {
      statement = 'start transaction';
      if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`;
      if (settings.accessMode) statement += ` ${settings.accessMode}`;
    }
    (connection as PipelinedConnection).begin(statement);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipelinedConnection).commit();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as PipelinedConnection).rollback();
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as PipelinedConnection).reserved.release();
  }

  async destroy(): Promise<void> {
    // Give in-flight queries a moment on shutdown, then close: end() alone waits for ever.
    await this.client.end({ timeout: 5 });
  }
}

/** The Kysely dialect for a postgres.js client (see above). */
export function pipelinedPostgresDialect(client: postgres.Sql, options: { prepare: boolean }): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new PipelinedPostgresDriver(client, options.prepare),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}

