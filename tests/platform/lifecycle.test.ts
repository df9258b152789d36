// The bounded stop of the Node server (src/platform/lifecycle.ts) on a real node:http server in
// this process, with the jobs and the database as fakes that say when they were stopped: in-flight
// requests finish (told Connection: close), idle keep-alive connections and slow uploaders do not
// hold the stop beyond its deadline, a second signal exits at once, and a database that does not
// close is given up on. The whole server as a process: shutdown.test.ts.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { type JobTimer, Lifecycle, startJobTimer } from '../../src/platform/lifecycle.js';
import { RecordingTransport } from '../support/world.js';
import { openConnection } from '../support/raw-http.js';

interface Stage {
  server: Server;
  port: number;
  lifecycle: Lifecycle;
  logs: Record<string, unknown>[];
  exits: number[];
  events: string[];
}

const stages: Stage[] = [];

afterEach(() => {
  for (const stage of stages.splice(0)) stage.server.closeAllConnections();
});

/** A server whose handler answers after reading the whole body, or after `?wait=ms` for a GET. */
async function stage(options: { deadlineMs?: number; databaseCloseMs?: number; jobs?: JobTimer; closeDatabase?: () => Promise<void> } = {}): Promise<Stage> {
  const events: string[] = [];
  const server = createServer((request, response) => {
    const wait = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('wait') ?? 0);
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
    });
    request.on('end', () => setTimeout(() => response.end(`read ${size} bytes`), wait));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const logs: Record<string, unknown>[] = [];
  const exits: number[] = [];
  const lifecycle = new Lifecycle({
    deadlineMs: options.deadlineMs ?? 1_000,
    databaseCloseMs: options.databaseCloseMs ?? 1_000,
    log: (entry) => logs.push(entry),
    exit: (code) => {
      events.push('exit');
      exits.push(code);
    },
  });
  lifecycle.manage({
    server,
    jobs: options.jobs ?? { stop: async () => void events.push('jobs stopped'), running: () => 0 },
    database: {
      close: async () => {
        events.push('database closing');
        await (options.closeDatabase?.() ?? Promise.resolve());
        events.push('database closed');
      },
    },
  });
  const result = { server, port: (server.address() as AddressInfo).port, lifecycle, logs, exits, events };
  stages.push(result);
  return result;
}

const elapsed = (from: number) => performance.now() - from;

describe('bounded shutdown', () => {
  it('cuts a slow uploader at the deadline and closes an idle keep-alive connection at once', async () => {
    const s = await stage({ deadlineMs: 1_000 });
    const idle = await openConnection(s.port);
    const idleAnswer = await idle.request('GET /?wait=0 HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(idleAnswer).toMatch(/keep-alive/i);
    const slow = await openConnection(s.port);
    slow.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nx');
    const trickle = setInterval(() => slow.send('x'), 100);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const started = performance.now();
    const stopped = s.lifecycle.stop('SIGTERM');
    await idle.closed;
    expect(elapsed(started)).toBeLessThan(500);
    await stopped;
    clearInterval(trickle);
    const took = elapsed(started);

    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(2_000);
    await slow.closed;
    expect(s.exits).toEqual([0]);
    expect(s.events).toEqual(['jobs stopped', 'database closing', 'database closed', 'exit']);
    expect(s.logs[0]).toMatchObject({ msg: 'shutting down', signal: 'SIGTERM', inFlight: 1, deadlineSeconds: 1 });
    expect(s.logs).toContainEqual(expect.objectContaining({ msg: 'shutdown deadline reached: cutting off', requestsCutOff: 1 }));
    expect(s.logs.at(-1)).toMatchObject({ msg: 'shut down', cutOff: true, databaseClosed: true });
  });

  it('lets a request in flight finish, tells its client to close the connection, and stops as soon as it is done', async () => {
    const s = await stage({ deadlineMs: 5_000 });
    const client = await openConnection(s.port);
    client.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const stopped = s.lifecycle.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const answer = client.request('67890');
    expect(await answer).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*Connection: close\r\n[\s\S]*\r\n\r\nread 10 bytes$/);
    await client.closed;
    await stopped;
    expect(elapsed(started)).toBeLessThan(1_500);
    expect(s.exits).toEqual([0]);
    expect(s.logs.at(-1)).toMatchObject({ msg: 'shut down', cutOff: false, databaseClosed: true });
    expect(s.logs.map((l) => l.msg)).not.toContain('shutdown deadline reached: cutting off');
  });

  it('waits for a running jobs run before closing the database, but not beyond the deadline', async () => {
    let finishRun!: () => void;
    const runEnded = new Promise<void>((resolve) => {
      finishRun = resolve;
    });
    const s = await stage({ deadlineMs: 2_000, jobs: { stop: () => runEnded, running: () => 1 } });
    const stopped = s.lifecycle.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.events).toEqual([]);
    finishRun();
    await stopped;
    expect(s.events).toEqual(['database closing', 'database closed', 'exit']);

    const hung = await stage({ deadlineMs: 500, jobs: { stop: () => new Promise(() => {}), running: () => 1 } });
    const started = performance.now();
    await hung.lifecycle.stop('SIGTERM');
    expect(elapsed(started)).toBeLessThan(1_500);
    expect(hung.logs).toContainEqual(expect.objectContaining({ msg: 'shutdown deadline reached: cutting off', jobRunsCutOff: 1 }));
    expect(hung.exits).toEqual([0]);
  });

  it('gives up on a database that does not close, and exits 1', async () => {
    const s = await stage({ deadlineMs: 500, databaseCloseMs: 300, closeDatabase: () => new Promise(() => {}) });
    const started = performance.now();
    await s.lifecycle.stop('SIGTERM');
    expect(elapsed(started)).toBeLessThan(1_000);
    expect(s.exits).toEqual([1]);
    expect(s.logs).toContainEqual(expect.objectContaining({ msg: 'database not closed cleanly' }));
  });

  it('exits at once on a second signal', async () => {
    const s = await stage({ deadlineMs: 5_000 });
    const slow = await openConnection(s.port);
    slow.send('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx');
    await new Promise((resolve) => setTimeout(resolve, 100));
    void s.lifecycle.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(s.exits).toEqual([]);
    await s.lifecycle.stop('SIGINT');
    expect(s.exits).toEqual([1]);
    expect(s.logs.at(-1)).toMatchObject({ msg: 'second signal while shutting down: exiting now', signal: 'SIGINT' });
  });
});

describe('requests arriving while the server stops', () => {
  it('get 503 problem+json with Retry-After and Connection: close, before anything touches the database', async () => {
    let stopping = false;
    const app = createApp({
      config: loadConfig({ APP_ENV: 'test', LOG_REQUESTS: 'false' }),
      // Never reached: the refusal comes before the request's transaction.
      db: undefined as never,
      transport: new RecordingTransport(),
      log: () => {},
      runtime: 'node',
      stopping: () => stopping,
    });
    stopping = true;
    for (const path of ['/v1/health', '/v1/auth/login', '/sign/anything']) {
      const response = await app.request(path, { method: path === '/v1/auth/login' ? 'POST' : 'GET' });
      expect(response.status).toBe(503);
      expect(response.headers.get('Content-Type')).toBe('application/problem+json');
      expect(response.headers.get('Retry-After')).toBe('1');
      expect(response.headers.get('Connection')).toBe('close');
      expect(await response.json()).toMatchObject({ type: 'https://vervolg.nl/problems/shutting-down', status: 503 });
    }
  });
});

describe('the scheduled-jobs timer', () => {
  it('stop() ends the timer and waits for the run under way', async () => {
    let runs = 0;
    let finishRun!: () => void;
    const jobs = startJobTimer(
      () => {
        runs += 1;
        return new Promise<void>((resolve) => {
          finishRun = resolve;
        });
      },
      50,
      () => {},
    );
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(runs).toBe(1);
    expect(jobs.running()).toBe(1);
    let stopped = false;
    const stopping = jobs.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(stopped).toBe(false);
    expect(runs).toBe(1);
    finishRun();
    await stopping;
    expect(jobs.running()).toBe(0);
  });
});

describe('SHUTDOWN_TIMEOUT_SECONDS', () => {
  it('is 10 s unless set, and must be a whole number of seconds from 1 to 120', () => {
    expect(loadConfig({ APP_ENV: 'test' }).shutdownTimeoutSeconds).toBe(10);
    expect(loadConfig({ APP_ENV: 'test', SHUTDOWN_TIMEOUT_SECONDS: '2' }).shutdownTimeoutSeconds).toBe(2);
    for (const wrong of ['0', '121', '2.5', 'ten']) {
      expect(() => loadConfig({ APP_ENV: 'test', SHUTDOWN_TIMEOUT_SECONDS: wrong })).toThrow(ConfigError);
      expect(() => loadConfig({ APP_ENV: 'test', SHUTDOWN_TIMEOUT_SECONDS: wrong })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
    }
  });
});
