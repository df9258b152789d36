// The Workers suite: the real Worker in workerd (wrangler dev, local mode) against PostgreSQL over
// TCP. Needs DATABASE_URL. Run with `npm run test:workers`; the main suite (vitest.config.ts)
// leaves tests/workers alone.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/workers/**/*.test.ts'],
    testTimeout: 30_000,
    // Starting wrangler + workerd takes a few seconds; the hook waits up to 60 s for /v1/health.
    hookTimeout: 90_000,
    pool: 'forks',
    // One Worker process per file is plenty; don't start several at once.
    fileParallelism: false,
  },
});
