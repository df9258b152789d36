// Is this error "the database cannot be reached right now" — as opposed to a bad query, a refused
// value or a wrong password? The HTTP layer answers those with 503 and Retry-After (the client may
// simply try again), and start-up waits and retries on them instead of exiting.

/** Socket errors (Node) and postgres.js's own connection errors. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin_shutdown (a fast
 * shutdown, or pg_terminate_backend), 57P02 crash_shutdown (another backend crashed), 57P03
 * cannot_connect_now (starting up, shutting down, in recovery), 53300 too_many_connections. Class
 * 08 is "connection exception" as a whole.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** PGlite's words once its handle is closed (the process is shutting down). */
const PGLITE_CLOSED = /^PGlite is clos(ed|ing)$/;

/**
 * The reason (an error code, or "PGlite closed") when `error` means the database is unreachable,
 * else null. Follows `cause` a few levels: a wrapper keeps the original there.
 */
export function databaseUnreachableReason(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      if (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code)) return code;
      if (/^08[0-9A-Z]{3}$/.test(code)) return code;
    }
    if (typeof message === 'string' && PGLITE_CLOSED.test(message)) return 'PGlite closed';
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}
