// What every browser test shares: Debian's Chromium (CHROMIUM_PATH to use another), started the
// same way, the test world served over HTTP, and a clean stop of that server.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { type World, createWorld } from './world.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Headless Chromium for a 2-core CI machine; playwright-core gives it a fresh, temporary profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 120_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** Close the server without waiting for the browser's keep-alive connections to time out. */
export async function closeServer(server: ServerType | undefined): Promise<void> {
  if (!server) return;
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  await new Promise((resolve) => server.close(resolve));
}

/**
 * The test world served over real HTTP on a free port, its PUBLIC_URL the server's own origin
 * (unless the test names another), so links and form origins are the ones the browser uses. The
 * server answers 503 for the moment between listening and the world being ready.
 */
export async function serveWorld(options: { now?: () => Date; env?: Record<string, string> } = {}): Promise<{ server: ServerType; origin: string; world: World }> {
  let world: World | undefined;
  let server: ServerType | undefined;
  const address = await new Promise<AddressInfo>((resolve) => {
    server = serve({ hostname: '127.0.0.1', port: 0, fetch: (request, env) => (world ? world.app.fetch(request, env) : new Response('starting', { status: 503 })) }, resolve);
  });
  const origin = `http://127.0.0.1:${address.port}`;
  world = await createWorld({ ...options, env: { PUBLIC_URL: origin, ...options.env } });
  return { server: server as ServerType, origin, world };
}
