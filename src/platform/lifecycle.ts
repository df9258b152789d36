// How the Node server stops: bounded, whatever the clients do. On SIGTERM/SIGINT it stops
// accepting connections, closes idle keep-alive connections at once, lets the requests in flight
// (and a running scheduled-jobs run) finish until the deadline (SHUTDOWN_TIMEOUT_SECONDS), cuts
// the connections still open then — a client trickling its upload byte by byte cannot hold the
// process — and closes the database within a bound of its own.
//
// Exit code: 0 when the database closed, even if requests had to be cut at the deadline — that is
// the stop working as designed, and each cut is logged. 1 when the database did not close cleanly
// or in time (the embedded PGlite then recovers from its WAL at the next start), or when a second
// signal asked to stop at once.
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { Logger } from './http/env.js';

/**
 * Limits that protect the server from slow clients at any time, not only while stopping (Node's
 * defaults: 60 s for the headers, 300 s for the whole request, checked every 30 s).
 * - headersTimeout: a client that has not finished its headers after 20 s is not a client
 *   (slowloris); every real one sends them in one packet.
 * - requestTimeout (headers and body): the largest body we accept is 20 MB (a PDF to verify; an
 *   outcome file is at most 16 MB), which takes 120 s at 1.4 Mbit/s — a slow office uplink. Slower
 *   than that, a connection is held for little use and answered 408.
 * - connectionsCheckingInterval: how often Node checks the two above; at 30 s a request could
 *   overstay its limit by half a minute. (Node stops checking once the server closes: a slow
 *   client would then be held for ever — hence the deadline in Lifecycle.stop.)
 */
export const HTTP_SERVER_OPTIONS: ServerOptions = {
  headersTimeout: 20_000,
  requestTimeout: 120_000,
  connectionsCheckingInterval: 5_000,
};

/**
 * How long closing the database may take after the deadline: postgres.js gives queries still
 * running 5 s before it ends its connections (database.ts); PGlite writes its last pages.
 */
export const DATABASE_CLOSE_MS = 6_000;

/** Resolves true when `promise` settles within `ms`, false when the time ran out first. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([promise.then(() => true as const, () => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The scheduled jobs on a timer; stop() ends the timer and resolves when the runs under way have ended. */
export interface JobTimer {
  stop(): Promise<void>;
  /** Runs under way (they may overlap when one takes longer than the interval). */
  running(): number;
}

export function startJobTimer(run: () => Promise<void>, intervalMs: number, onError: (error: unknown) => void): JobTimer {
  const underWay = new Set<Promise<void>>();
  const timer = setInterval(() => {
    const current: Promise<void> = run()
      .catch(onError)
      .finally(() => underWay.delete(current));
    underWay.add(current);
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.all([...underWay]);
    },
    running: () => underWay.size,
  };
}

type HttpServer = Pick<Server, 'close' | 'closeIdleConnections' | 'closeAllConnections' | 'prependListener'>;

export interface LifecycleOptions {
  deadlineMs: number;
  databaseCloseMs?: number;
  log: Logger;
  exit: (code: number) => void;
}

export interface Managed {
  server: HttpServer;
  jobs: JobTimer;
  database: { close(): Promise<void> };
}

export class Lifecycle {
  #stopping = false;
  #managed: Managed | undefined;
  /** Responses not yet finished: the requests in flight. */
  readonly #inFlight = new Set<ServerResponse>();

  constructor(private readonly options: LifecycleOptions) {}

  /** True from the first signal on: the app answers new requests 503 (see http/stopping.ts). */
  get stopping(): boolean {
    return this.#stopping;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** What stop() stops. Call right after serve(), before the first request can arrive. */
  manage(managed: Managed): void {
    this.#managed = managed;
    // Prepended, so it runs before the app's listener can write a response.
    managed.server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
      this.#inFlight.add(response);
      if (this.#stopping) response.setHeader('Connection', 'close');
      response.once('close', () => {
        this.#inFlight.delete(response);
        // A response that went out before the signal (headers already sent, so without
        // Connection: close) leaves its keep-alive connection idle: close it now, not after
        // the keep-alive timeout.
        if (this.#stopping) managed.server.closeIdleConnections();
      });
    });
  }

  /** Stop on SIGTERM and SIGINT; a second signal while stopping exits at once. */
  onSignals(target: Pick<NodeJS.Process, 'on'>): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) target.on(signal, () => void this.stop(signal));
  }

  async stop(signal: string): Promise<void> {
    const { log, exit, deadlineMs } = this.options;
    if (this.#stopping) {
      log({ level: 'warn', msg: 'second signal while shutting down: exiting now', signal, inFlight: this.#inFlight.size });
      exit(1);
      return;
    }
    this.#stopping = true;
    const managed = this.#managed;
    if (!managed) {
      exit(0);
      return;
    }
    const started = performance.now();
    const { server, jobs, database } = managed;
    log({ level: 'info', msg: 'shutting down', signal, inFlight: this.#inFlight.size, jobRuns: jobs.running(), deadlineSeconds: deadlineMs / 1000 });
    // Responses still to be written tell their clients not to reuse the connection.
    for (const response of this.#inFlight) if (!response.headersSent) response.setHeader('Connection', 'close');
    // No new connections; the callback comes when the last open one is gone.
    const connectionsClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const jobsEnded = jobs.stop();

    const finished = await within(Promise.all([connectionsClosed, jobsEnded]), deadlineMs);
    if (!finished) {
      log({ level: 'warn', msg: 'shutdown deadline reached: cutting off', requestsCutOff: this.#inFlight.size, jobRunsCutOff: jobs.running() });
      // Destroys every socket left, the slow uploader's included; its handler sees the request
      // aborted and rolls back its transaction.
      server.closeAllConnections();
    }

    const closing = database.close().then(
      () => true,
      (error: unknown) => {
        log({ level: 'error', msg: 'closing the database failed', error: String(error) });
        return false;
      },
    );
    const databaseClosed = (await within(closing, this.options.databaseCloseMs ?? DATABASE_CLOSE_MS)) && (await closing);
    if (!databaseClosed) log({ level: 'error', msg: 'database not closed cleanly' });
    log({ level: 'info', msg: 'shut down', seconds: Math.round(performance.now() - started) / 1000, cutOff: !finished, databaseClosed });
    exit(databaseClosed ? 0 : 1);
  }
}
