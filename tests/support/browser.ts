// What every browser test shares: Debian's Chromium (CHROMIUM_PATH to use another), started the
// same way, and a clean stop of the test's HTTP server.
import type { ServerType } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';

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
