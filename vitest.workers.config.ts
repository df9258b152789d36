// The Workers suite: the real Worker in workerd (wrangler dev, local mode) against PostgreSQL over
// TCP. Needs DATABASE_URL. Run with `npm run test:workers`; the main suite (vitest.config.ts)
// leaves tests/workers alone.
import { defineConfig } from 'vitest/config';

if (!process.env.DATABASE_URL) {
  throw new Error(
    'The Workers suite needs DATABASE_URL: a PostgreSQL server where it may create (and drop) a throwaway database, e.g.\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:workers',
  );
}

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
