// Start-up's retry while the database is not reachable yet (issue 10, item 4), and which errors
// count as "not reachable" (they answer 503, item 3). No database needed: the attempts are fakes
// and time is a fake clock.
import { describe, expect, it } from 'vitest';
import { reconnectDelaySeconds } from '../../src/platform/db/database.js';
import { DatabaseUnreachableError, retryWhileDatabaseUnreachable, seconds, startupFailure } from '../../src/platform/db/retry.js';
import { databaseUnreachableReason } from '../../src/platform/db/unreachable.js';

const failure = (code: string, message = `failed with ${code}`) => Object.assign(new Error(message), { code });
const postgresError = (code: string, message: string) => Object.assign(new Error(message), { code, severity: 'FATAL' });

/** A fake clock: sleep() moves it on instead of waiting. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('databaseUnreachableReason', () => {
  it.each([
    ['ECONNREFUSED'],
    ['ECONNRESET'],
    ['ETIMEDOUT'],
    ['CONNECT_TIMEOUT'],
    ['CONNECTION_CLOSED'],
    ['CONNECTION_ENDED'],
    ['57P01'],
    ['57P02'],
    ['57P03'],
    ['53300'],
    ['08006'],
    ['08001'],
    ['08P01'],
  ])('%s is "the database cannot be reached"', (code) => {
    expect(databaseUnreachableReason(failure(code))).toBe(code);
  });

  it('PGlite closed (or closing) is too', () => {
    expect(databaseUnreachableReason(new Error('PGlite is closed'))).toBe('PGlite closed');
    expect(databaseUnreachableReason(new Error('PGlite is closing'))).toBe('PGlite closed');
  });

  it('looks through a wrapper at its cause', () => {
    expect(databaseUnreachableReason(new Error('migration failed', { cause: failure('ECONNREFUSED') }))).toBe('ECONNREFUSED');
  });

  it.each([
    ['28P01', 'a wrong password'],
    ['3D000', 'a database that does not exist'],
    ['42601', 'a syntax error'],
    ['23505', 'a duplicate'],
    ['40001', 'a serialisation failure (its own retry answer)'],
  ])('%s (%s) is not', (code) => {
    expect(databaseUnreachableReason(postgresError(code, 'no'))).toBeNull();
  });

  it('nor an error without a code, nor something that is not an error', () => {
    expect(databaseUnreachableReason(new TypeError("Cannot read properties of null (reading 'write')"))).toBeNull();
    expect(databaseUnreachableReason('ECONNREFUSED')).toBeNull();
    expect(databaseUnreachableReason(null)).toBeNull();
  });
});

describe('retryWhileDatabaseUnreachable', () => {
  it('retries with backoff from 0.5 s doubling to 5 s, one line per retry, until it succeeds', async () => {
    const time = fakeTime();
    const lines: string[] = [];
    const errors = [failure('ECONNREFUSED'), failure('ECONNREFUSED'), postgresError('57P03', 'the database system is starting up'), failure('ECONNREFUSED'), failure('ECONNREFUSED'), failure('CONNECTION_CLOSED')];
    let attempts = 0;
    const result = await retryWhileDatabaseUnreachable(
      async () => {
        attempts++;
        const error = errors.shift();
        if (error) throw error;
        return 'migrated';
      },
      { ...time, say: (line) => lines.push(line) },
    );
    expect(result).toBe('migrated');
    expect(attempts).toBe(7);
    expect(time.slept).toEqual([500, 1_000, 2_000, 4_000, 5_000, 5_000]);
    expect(lines).toEqual([
      'database not reachable yet (ECONNREFUSED), retrying in 0.5 s',
      'database not reachable yet (ECONNREFUSED), retrying in 1 s',
      'database not reachable yet (57P03), retrying in 2 s',
      'database not reachable yet (ECONNREFUSED), retrying in 4 s',
      'database not reachable yet (ECONNREFUSED), retrying in 5 s',
      'database not reachable yet (CONNECTION_CLOSED), retrying in 5 s',
    ]);
  });

  it('gives up when the next wait would end past the total, with the reason and the original error as cause', async () => {
    const time = fakeTime();
    const last = failure('ECONNREFUSED');
    const attempt = () => Promise.reject(last);
    const error = await retryWhileDatabaseUnreachable(attempt, { ...time, totalMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toBe('database still not reachable after 7.5 s (ECONNREFUSED); giving up');
    expect((error as Error).cause).toBe(last);
    // 0.5 + 1 + 2 + 4 = 7.5 s waited; another 5 s would end at 12.5 s > 10 s.
    expect(time.slept).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('with a total of 0 it does not retry at all', async () => {
    const time = fakeTime();
    const error = await retryWhileDatabaseUnreachable(() => Promise.reject(failure('ECONNREFUSED')), { ...time, totalMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect(time.slept).toEqual([]);
  });

  it('passes an error that waiting cannot fix through at once', async () => {
    const time = fakeTime();
    const lines: string[] = [];
    const wrongPassword = postgresError('28P01', 'password authentication failed for user "vervolg"');
    let attempts = 0;
    const error = await retryWhileDatabaseUnreachable(
      async () => {
        attempts++;
        throw wrongPassword;
      },
      { ...time, say: (line) => lines.push(line) },
    ).catch((e: unknown) => e);
    expect(error).toBe(wrongPassword);
    expect(attempts).toBe(1);
    expect(lines).toEqual([]);
    expect(startupFailure(error)).toBe('could not start: the database refused (28P01): password authentication failed for user "vervolg"');
  });

  it('says "retrying in 0.5 s", not "500 ms" or "0.500 s"', () => {
    expect([500, 1_000, 2_500, 5_000].map(seconds)).toEqual(['0.5 s', '1 s', '2.5 s', '5 s']);
  });
});

describe('reconnectDelaySeconds (postgres.js backoff between connection attempts)', () => {
  it('stays at most half a second however long the outage (the driver default grows to 20 s)', () => {
    expect([0, 1, 2, 3, 4, 10, 50].map(reconnectDelaySeconds)).toEqual([0.05, 0.1, 0.2, 0.4, 0.5, 0.5, 0.5]);
  });
});
