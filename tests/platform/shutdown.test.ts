// The real server as a process (src/server.ts on PGlite in a temporary DATA_DIR, or on a
// throwaway PostgreSQL database when DATABASE_URL is set) is stopped with SIGTERM while a client
// uploads 1 byte a second, another holds an idle keep-alive connection, and a third is in the
// middle of a request that ends before the deadline. The process must exit 0 within
// SHUTDOWN_TIMEOUT_SECONDS plus a little, answering the third in full. Before bounded shutdown
// the slow uploader kept it alive for as long as it kept sending (over 10 minutes measured).
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, usingPostgres } from '../support/db.js';
import { openConnection } from '../support/raw-http.js';
import { type SpawnedServer, spawnServer } from '../support/spawned-server.js';
// Long enough for the sign-in in flight (a password hash) to finish on a busy machine.
const DEADLINE_SECONDS = 4;
/** What the stop may take beyond the deadline: closing the database, exiting. */
const MARGIN_MS = 3_000;

/** The JSON log lines whose msg is `msg`. */
function logged(output: string, msg: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === msg);
}

describe(`bounded shutdown of the server process (${usingPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  let server: SpawnedServer;
  let closeDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const env: Record<string, string> = { SHUTDOWN_TIMEOUT_SECONDS: String(DEADLINE_SECONDS) };
    if (usingPostgres) {
      const database = await createTestDatabase();
      env.DATABASE_URL = database.url as string;
      // The server opens its own connections; the test's handle is only for dropping it afterwards.
      closeDatabase = () => database.close();
    }
    server = await spawnServer(env);
    // The first start migrates and seeds the demo data: seconds on PGlite, more on a busy machine.
    await server.waitFor(/Vervolg API on/, 150_000);
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    await closeDatabase?.();
  });

  it('exits 0 within the deadline despite a slow uploader, after answering the request in flight', { timeout: 60_000 }, async () => {
    const { port } = server;
    const idle = await openConnection(port);
    expect(await idle.request(`GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 200 [\s\S]*Connection: keep-alive/);

    const slow = await openConnection(port);
    slow.send(`POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`);
    const trickle = setInterval(() => slow.send(' '), 1_000);

    // A sign-in whose body is half sent when the signal comes, and finished 300 ms later.
    const body = JSON.stringify({ email: 'nobody@vervolg.test', password: 'not the password' });
    const inFlight = await openConnection(port);
    inFlight.send(`POST /v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
    await sleep(1_500);

    const signalled = performance.now();
    server.child.kill('SIGTERM');
    await sleep(300);
    const answer = inFlight.request(body.slice(10));
    try {
      // Stops accepting at once: a new connection is refused.
      await expect(
        new Promise((done, fail) => {
          const socket = connect(port, '127.0.0.1');
          socket.once('connect', () => {
            socket.destroy();
            done('accepted');
          });
          socket.once('error', fail);
        }),
      ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      // The idle keep-alive connection is closed at once, not after the deadline.
      await idle.closed;
      expect(performance.now() - signalled).toBeLessThan(DEADLINE_SECONDS * 1_000);

      // The request in flight gets its whole answer (the login's own 401, not a cut connection or
      // a 503), and is told not to reuse the connection.
      const response = await answer;
      expect(response).toMatch(/^HTTP\/1\.1 401 [\s\S]*Connection: close\r\n/);
      expect(response).toContain('application/problem+json');

      const exit = await server.exit;
      const tookMs = exit.at - signalled;
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
      expect(tookMs).toBeLessThan(DEADLINE_SECONDS * 1_000 + MARGIN_MS);
      await slow.closed;
    } finally {
      clearInterval(trickle);
    }

    const output = server.output();
    expect(logged(output, 'shutting down')).toEqual([expect.objectContaining({ level: 'info', signal: 'SIGTERM', deadlineSeconds: DEADLINE_SECONDS, inFlight: 2 })]);
    expect(logged(output, 'shutdown deadline reached: cutting off')).toEqual([expect.objectContaining({ requestsCutOff: 1 })]);
    expect(logged(output, 'shut down')).toEqual([expect.objectContaining({ cutOff: true, databaseClosed: true })]);
  });
});
