// Start-up against a database that is still coming up (a container started at the same time, a
// server restarting): wait and try again with exponential backoff instead of exiting at the first
// ECONNREFUSED or 57P03. Only "cannot reach" errors are retried; a wrong password or a broken
// migration fails at once — waiting would not fix those.
import { retryWithBackoff } from '../retry.js';
import { databaseUnreachableReason } from './unreachable.js';

export interface RetryOptions {
  /** The first wait (default 500 ms); each next one doubles. */
  firstDelayMs?: number;
  /** The longest single wait (default 5 s). */
  maxDelayMs?: number;
  /** Give up when the next wait would end later than this after the first attempt (default 60 s; 0: no retries). */
  totalMs?: number;
  /** One line per retry. */
  say?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** "0.5 s", "1 s", "2.5 s": the wait as a person reads it. */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export async function retryWhileDatabaseUnreachable<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { firstDelayMs = 500, maxDelayMs = 5_000, totalMs = 60_000, say = () => {} } = options;
  const now = options.now ?? (() => Date.now());
  const started = now();
  try {
    return await retryWithBackoff(attempt, {
      windowMs: totalMs,
      firstDelayMs,
      maxDelayMs,
      now,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      retryIf: (error) => databaseUnreachableReason(error) !== null,
      onRetry: (error, delay) => say(`database not reachable yet (${databaseUnreachableReason(error)}), retrying in ${seconds(delay)}`),
    });
  } catch (error) {
    const reason = databaseUnreachableReason(error);
    if (!reason) throw error;
    throw new DatabaseUnreachableError(`database still not reachable after ${seconds(now() - started)} (${reason}); giving up`, { cause: error });
  }
}

export class DatabaseUnreachableError extends Error {}

/**
 * What start-up (and db:migrate) prints when it stops on an error that waiting would not fix: a database error as
 * one line with its SQLSTATE (e.g. `28P01` for a wrong password), anything else whole with its stack.
 */
export function startupFailure(error: unknown): unknown {
  const { code, message, severity } = (error ?? {}) as { code?: unknown; message?: unknown; severity?: unknown };
  if (typeof code === 'string' && typeof message === 'string' && typeof severity === 'string') {
    return `could not start: the database refused (${code}): ${message}`;
  }
  return error;
}
