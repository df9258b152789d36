// The browser suite: the signing page clicked through in headless Chromium (Debian's
// /usr/bin/chromium, driven by playwright-core) and checked with axe-core. Run with
// `npm run test:browser`; the main suite (vitest.config.ts) leaves tests/browser alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    // A browser start, page loads and axe runs on a 2-core machine: be generous.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One browser at a time.
    fileParallelism: false,
  },
});
