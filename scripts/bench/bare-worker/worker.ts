// The bare Worker for `npm run bench:worker`: the anchor the app Worker's CPU per request is set
// beside, as bench:api sets the app on Node beside a bare Hono + postgres.js server. Hono and
// postgres.js over the same Hyperdrive binding, one connection per request (a Worker cannot keep a
// socket from one request to the next), the members select as the owner role: no transaction, no
// authentication, no tenant context, no processing log, no request log; and the same select in a
// minimal tenant transaction. What it costs is what
// workerd, the socket to the database and the driver cost before any of our code runs.
import { Hono } from 'hono';
import postgres from 'postgres';
import { MEMBERS_SQL } from '../bare-queries.js';

interface Env {
  HYPERDRIVE: { connectionString: string };
}

const app = new Hono<{ Bindings: Env }>();

/** One request's connection, as the app opens it: max 1, no catalog query for array types. */
async function withConnection<T>(env: Env, ctx: { waitUntil(promise: Promise<unknown>): void }, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(env.HYPERDRIVE.connectionString, { max: 1, fetch_types: false, onnotice: () => {}, connection: { application_name: 'vervolg-bench-bare' } });
  try {
    return await run(sql);
  } finally {
    ctx.waitUntil(sql.end({ timeout: 1 }));
  }
}

// What startWorkerd waits for, and the smallest request with a database round trip.
app.get('/v1/health', async (c) => c.json(await withConnection(c.env, c.executionCtx, (sql) => sql`select 1 as ok`)));
app.get('/members/:tenantId', async (c) =>
  c.json(await withConnection(c.env, c.executionCtx, (sql) => sql.unsafe(MEMBERS_SQL, [c.req.param('tenantId'), 21], { prepare: true }))),
);
// The least any design with one transaction per request and a tenant context can do (as bench:api's
// bare /tx): BEGIN, one statement setting role and tenant, the select under row-level security, COMMIT.
app.get('/tx/members/:tenantId', async (c) => {
  const tenantId = c.req.param('tenantId');
  const rows = await withConnection(c.env, c.executionCtx, (sql) =>
    sql.begin(async (t) => {
      await t.unsafe("select set_config('role', 'vervolg_app', true), set_config('app.tenant_id', $1, true)", [tenantId], { prepare: true });
      return t.unsafe(MEMBERS_SQL, [tenantId, 21], { prepare: true });
    }),
  );
  return c.json(rows);
});

export default app;
