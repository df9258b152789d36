// Tenant isolation is the database's job. These tests read the catalog and run queries as the
// request role directly, with no help from the application's own filters.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE, JOBS_ROLE, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => w?.close());

describe('catalog', () => {
  it('every table with tenant_id has ENABLE + FORCE row-level security and a policy (or no grant to the request role at all)', async () => {
    const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean; policies: number; granted: boolean }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
             has_table_privilege('vervolg_app', c.oid, 'SELECT, INSERT, UPDATE, DELETE') as granted
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind = 'r'
         and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
       order by 1`.execute(w.db);
    expect(rows.map((r) => r.table)).toEqual(expect.arrayContaining(['memberships', 'invitations', 'provider_relations', 'processing_log', 'outbox']));
    for (const r of rows) {
      expect(r, r.table).toMatchObject({ enabled: true, forced: true });
      // A table the request role cannot touch at all (stripe_events: only SECURITY DEFINER
      // functions reach it) needs no policy; every other one needs at least one.
      if (r.granted) expect(r.policies, `${r.table} policies`).toBeGreaterThan(0);
    }
  });

  it('tables owned by a provider have row-level security too', async () => {
    const { rows } = await sql<{ table: string; enabled: boolean; forced: boolean }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname in ('api_keys', 'provider_members', 'tenants')`.execute(w.db);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r, r.table).toMatchObject({ enabled: true, forced: true });
  });

  it('requests run as a role that is NOSUPERUSER NOBYPASSRLS and owns nothing', async () => {
    const role = await inAppTransaction(w.db, async (trx) => (await sql<{ u: string }>`select current_user as u`.execute(trx)).rows[0]?.u);
    expect(role).toBe(APP_ROLE);
    for (const name of [APP_ROLE, JOBS_ROLE]) {
      const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
        select r.rolsuper, r.rolbypassrls,
               (select count(*)::int from pg_class c where c.relowner = r.oid)
             + (select count(*)::int from pg_proc p where p.proowner = r.oid) as owned
          from pg_roles r where r.rolname = ${name}`.execute(w.db);
      expect(rows[0], name).toEqual({ rolsuper: false, rolbypassrls: false, owned: 0 });
    }
  });
});

describe('entering a request (app_enter)', () => {
  it('switches to the request role before anything else, and refuses any other role', async () => {
    const role = await w.db.transaction().execute(async (trx) => {
      await sql`select * from app_enter('vervolg_app', null, null, null, 60, now(), null, null)`.execute(trx);
      return (await sql<{ u: string }>`select current_user as u`.execute(trx)).rows[0]?.u;
    });
    expect(role).toBe(APP_ROLE);
    await expect(sql`select * from app_enter('postgres', null, null, null, 60, now(), null, null)`.execute(w.db)).rejects.toThrow(/unknown role/);
  });

  it('enters only a municipality the person belongs to', async () => {
    const [id, secret] = w.A.people.analyst.token.split('.') as [string, string];
    const { sha256Hex } = await import('../../src/platform/crypto.js');
    const probe = (tenantId: string) =>
      w.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ tenant_roles: string[] | null }>`select * from app_enter('vervolg_app', ${id}, ${sha256Hex(secret)}, null, 3600, now(), ${tenantId}::uuid, null)`.execute(trx);
        const ctx = (await sql<{ t: string }>`select current_setting('app.tenant_id', true) as t`.execute(trx)).rows[0]?.t;
        return { roles: rows[0]?.tenant_roles ?? null, ctx: ctx ?? '' };
      });
    expect(await probe(w.A.id)).toEqual({ roles: ['analyst'], ctx: w.A.id });
    expect(await probe(w.B.id)).toEqual({ roles: null, ctx: '' });
  });
});

describe('queries without a tenant filter', () => {
  it("return only the current tenant's rows", async () => {
    const seen = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      // Deliberately no WHERE tenant_id = …: the policy must do it.
      return (await sql<{ tenant_id: string }>`select tenant_id from memberships`.execute(trx)).rows;
    });
    expect(seen.length).toBe(4);
    expect(new Set(seen.map((r) => r.tenant_id))).toEqual(new Set([w.A.id]));
  });

  it('return nothing when no tenant is set', async () => {
    const counts = await inAppTransaction(w.db, async (trx) => {
      const out: Record<string, number> = {};
      for (const table of ['memberships', 'invitations', 'provider_relations', 'processing_log', 'outbox', 'api_keys', 'provider_members', 'tenants']) {
        out[table] = Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx)).rows[0]?.n);
      }
      return out;
    });
    expect(counts).toEqual({ memberships: 0, invitations: 0, provider_relations: 0, processing_log: 0, outbox: 0, api_keys: 0, provider_members: 0, tenants: 0 });
  });

  it("cannot write a row into another tenant, nor change another tenant's rows", async () => {
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await sql`insert into memberships (tenant_id, user_id, roles) values (${w.B.id}, ${w.A.people.admin.userId}, array['admin'])`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security/);
    const changed = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      const up = await sql`update memberships set roles = array['admin'] where tenant_id = ${w.B.id}`.execute(trx);
      const del = await sql`delete from memberships where tenant_id = ${w.B.id}`.execute(trx);
      return Number(up.numAffectedRows ?? 0) + Number(del.numAffectedRows ?? 0);
    });
    expect(changed).toBe(0);
  });

  it("a provider sees only its own keys and relations", async () => {
    const rows = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { providerId: w.P1.id });
      return {
        keys: (await sql<{ provider_id: string }>`select provider_id from api_keys`.execute(trx)).rows,
        relations: (await sql<{ provider_id: string }>`select provider_id from provider_relations`.execute(trx)).rows,
      };
    });
    expect(rows.keys.length).toBe(3);
    expect(rows.keys.every((k) => k.provider_id === w.P1.id)).toBe(true);
    expect(rows.relations).toEqual([{ provider_id: w.P1.id }]);
  });

  it('a municipality sees only its own API keys (migration 0022), and no provider’s', async () => {
    const keys = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      return (await sql<{ tenant_id: string | null; provider_id: string | null }>`select tenant_id, provider_id from api_keys`.execute(trx)).rows;
    });
    expect(keys.length).toBe(2);
    expect(keys.every((k) => k.tenant_id === w.A.id && k.provider_id === null)).toBe(true);
  });

  it('the context does not leak into the next transaction on the same connection', async () => {
    await inAppTransaction(w.db, async (trx) => setContext(trx, { tenantId: w.A.id }));
    const after = await inAppTransaction(w.db, async (trx) => (await sql<{ t: string | null }>`select current_setting('app.tenant_id', true) as t`.execute(trx)).rows[0]?.t);
    expect(after ?? '').toBe('');
  });
});

describe('processing log', () => {
  it('is append-only for the request role and for the owner', async () => {
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await sql`insert into processing_log (id, tenant_id, trace_id, span_id, operation, action, actor_type)
                values (gen_random_uuid(), ${w.A.id}, 't', 's', 'test', 'read', 'system')`.execute(trx);
    });
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await sql`update processing_log set operation = 'changed'`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await sql`delete from processing_log`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
    // The owner role (migrations) is refused by the trigger.
    await expect(sql`update processing_log set operation = 'changed'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from processing_log`.execute(w.db)).rejects.toThrow(/append-only/);
  });
});
