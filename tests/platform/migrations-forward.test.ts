// The schema moved from TypeScript migrations that created everything to SQL migrations (tables and
// data) plus function files re-applied on every migrate (db/functions). A database migrated by the
// old runner must arrive at exactly the schema a fresh database gets, with its data intact:
// - legacy: the old migrations (tests/fixtures/legacy-migrations, frozen copies of what shipped),
//   applied the old way, with representative data, then the new migrate();
// - partial: a database the old runner left at 0009 (before app_enter's result type changed);
// - fresh: the new migrate() alone, and once more (a no-op that re-applies the functions cleanly).
// The catalogs are compared as text: tables, columns, defaults, constraints, indexes, functions with
// their definitions and grants, triggers, policies with their expressions, RLS enabled/forced,
// table and column grants.
import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations as allMigrations } from '../../db/generated/sql.js';
import { seedDemo } from '../../db/seed/demo.js';
import { loadConfig, TEST_SECRET_KEYS } from '../../src/config.js';
import { uuidv7 } from '../../src/platform/crypto.js';
import { connectPostgres, type Database, type DatabaseHandle, inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { migrate } from '../../src/platform/db/migrate.js';
import { connectPglite } from '../../src/platform/db/pglite.js';
import { installSecretKeys } from '../../src/platform/secrets.js';

const legacyFolder = new URL('../fixtures/legacy-migrations/', import.meta.url);
const legacyMigrations = readdirSync(legacyFolder)
  .filter((f) => f.endsWith('.sql'))
  .sort()
  .map((f) => ({ name: f.slice(0, -4), sql: readFileSync(new URL(f, legacyFolder), 'utf8') }));

/** Migrations written after the TypeScript ones (SQL from the start): a legacy database gets them from migrate(). */
const sqlEraMigrations = allMigrations.map((m) => m.name).filter((name) => !legacyMigrations.some((l) => l.name === name));
/** The tables those created: a legacy database has none of them until migrate() runs. */
const SQL_ERA_TABLES = [
  'tenant_themes', 'contact_moments', 'review_meetings', 'plan_progress', 'young_person_notes', 'aftercare_settings', 'practical_info', 'barriers',
  'aftercare_state', 'aftercare_signal_notices', 'webhook_secret_reveals',
  'indicator_rollups', 'indicator_rollup_days', 'indicator_rollups_stale',
];
/** Columns SQL-era migrations added to older tables, empty (null) on old rows: 0026's redelivery_of. */
const COLUMNS_ADDED: Record<string, string[]> = { webhook_deliveries: ['redelivery_of'], tenants: ['signing_link_days'] };
/** A row (jsonb text) without those columns, as the old schema had it. */
const withoutAddedColumns = (table: string, row: string) =>
  (COLUMNS_ADDED[table] ?? []).reduce((r, column) => r.replace(`"${column}": null, `, '').replace(`, "${column}": null`, ''), row);
/** What SQL-era migrations filled in from existing data (rather than leaving empty): aftercare_state has a row per agreement. */
const FILLED_FROM_DATA = ['aftercare_state'];
/**
 * What SQL-era migrations changed beyond their own tables: 0021's function and the webhook event checks it widened; 0024's operator invitations; 0026's redeliveries;
 * 0022's municipal API keys (api_keys' owner: provider or tenant, its policy, and the two functions that read a key).
 */
const SQL_ERA_OTHER = [
  'tenants_with_aftercare', 'aftercare_signals', 'webhook_endpoints_events_check', 'webhook_deliveries_event_type_check',
  // 0022: municipal API keys.
  'api_keys.provider_id', 'api_keys.tenant_id', 'api_keys_one_owner', 'api_keys_provider_id_not_null', 'api_keys_tenant', 'api_keys_owner', 'app_enter', 'auth_api_key',
  // 0024: operator invitations (a column of invitations with its index and policy, and the owner check it replaced).
  'platform_operator', 'invitations_check',
  // 0026: redeliveries (a column, its foreign key, and the unique key replaced by two partial indexes).
  'redelivery_of', 'webhook_deliveries_first', 'webhook_deliveries_one_pending', 'webhook_deliveries_tenant_id_endpoint_id_event_id_key',
  // 0025: the municipality's signing-link lifetime (a column of tenants).
  'signing_link_days',
  // 0027: indicator rollups (the facts' triggers note stale years; new measurements are merged) and the per-young-person index replacing trajectories_client.
  'refresh_indicator_facts', 'refresh_indicator_trajectory_facts', 'indicator_facts_add_measurements', 'indicator_facts_from_trajectories', 'indicator_facts_measurements_insert', 'trajectories_person', 'trajectories_client', 'trajectories_contract',
  // Issue 15 (db/functions/08_outcomes.sql): the outcome tables' policies read the context as InitPlans, (SELECT app_tenant_id()).
  'outcome_batches_provider', 'trajectories_read', 'trajectories_provider_insert', 'trajectories_provider_update', 'trajectory_revisions_read',
  'trajectory_revisions_provider_insert', 'outcome_measurements_read', 'outcome_measurements_provider_insert', 'outcome_measurements_provider_update',
];
const withoutSqlEra = (c: Record<string, string[]>) =>
  Object.fromEntries(Object.entries(c).map(([kind, lines]) => [kind, lines.filter((line) => ![...SQL_ERA_TABLES, ...SQL_ERA_OTHER].some((name) => line.includes(name)))]));

const opened: DatabaseHandle[] = [];

/** An empty database: PGlite in memory, or a throwaway database on DATABASE_URL's server. */
async function emptyDatabase(): Promise<Database> {
  const adminUrl = process.env.DATABASE_URL;
  let handle: DatabaseHandle;
  if (!adminUrl) {
    handle = await connectPglite();
  } else {
    const name = `vervolg_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const inner = connectPostgres(url.toString(), { max: 2 });
    handle = {
      ...inner,
      close: async () => {
        await inner.close();
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      },
    };
  }
  opened.push(handle);
  return handle.db;
}

/** What the old runner did: each migration in its own transaction, recorded by name. */
async function legacyMigrate(db: Database, upTo?: string): Promise<void> {
  await sql`create table if not exists schema_migrations (
    name text primary key, applied_at timestamptz not null default now())`.execute(db);
  for (const m of legacyMigrations) {
    if (upTo && m.name > upTo) break;
    await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(7421001)`.execute(trx);
      await sql.raw(m.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: m.name }).execute();
    });
  }
}

/** The public schema's catalog as sorted lines of text, one list per kind of object. */
async function catalog(db: Database): Promise<Record<string, string[]>> {
  const queries: Record<string, string> = {
    columns: `select c.table_name || '.' || c.column_name || ' #' || c.ordinal_position || ' ' || c.data_type || ' ' || c.udt_name
                     || ' null=' || c.is_nullable || ' default=' || coalesce(c.column_default, '-') || ' identity=' || coalesce(c.identity_generation, '-')
                from information_schema.columns c where c.table_schema = 'public'`,
    constraints: `select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                    from pg_constraint where connamespace = 'public'::regnamespace`,
    indexes: `select indexdef from pg_indexes where schemaname = 'public'`,
    functions: `select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') acl=' || coalesce(p.proacl::text, '-')
                       || E'\n' || pg_get_functiondef(p.oid)
                  from pg_proc p where p.pronamespace = 'public'::regnamespace`,
    triggers: `select pg_get_triggerdef(t.oid) from pg_trigger t join pg_class c on c.oid = t.tgrelid
                where c.relnamespace = 'public'::regnamespace and not t.tgisinternal`,
    policies: `select tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text || ' ' || cmd::text
                      || ' using=' || coalesce(qual, '-') || ' check=' || coalesce(with_check, '-')
                 from pg_policies where schemaname = 'public'`,
    tables: `select relname || ' kind=' || relkind::text || ' rls=' || relrowsecurity || ' force=' || relforcerowsecurity || ' acl=' || coalesce(relacl::text, '-')
               from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'v', 'm', 'S', 'p')`,
    columnGrants: `select a.attrelid::regclass::text || '.' || a.attname || ' ' || a.attacl::text
                     from pg_attribute a join pg_class c on c.oid = a.attrelid
                    where c.relnamespace = 'public'::regnamespace and a.attacl is not null`,
    views: `select viewname || ' ' || definition from pg_views where schemaname = 'public'`,
    schema: `select nspname || ' ' || coalesce(nspacl::text, '-') from pg_namespace where nspname = 'public'`,
  };
  const result: Record<string, string[]> = {};
  for (const [kind, query] of Object.entries(queries)) {
    const { rows } = await sql.raw<{ line: string }>(`select line from (${query}) as q(line) order by line`).execute(db);
    result[kind] = rows.map((r) => r.line);
  }
  return result;
}

/** Every row of every table (the connecting role is a superuser in tests: no RLS in the way). */
async function allData(db: Database): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by relname`.execute(db);
  const data: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql.raw<{ row: string }>(`select to_jsonb(t)::text as row from ${name} t order by 1`).execute(db);
    data[name] = rows.map((r) => r.row);
  }
  return data;
}

/** Representative data: the demo (tenant, provider, people with a second factor, a published
 * template, a contract in force, outcome reports and their indicator facts) and, written directly,
 * an agreement with a signed version, its signer, audit event, sealed document and download access,
 * a webhook endpoint with a delivery, an outbox message and a processing log entry. */
async function seed(db: Database): Promise<void> {
  // The legacy schema has no living-plan tables: the demo without its progress and barriers.
  const demo = await seedDemo(db, 'http://localhost:3000', () => {}, { demoSecondFactor: true, livingPlan: false });
  const t = demo.municipalityId;
  const hex = (c: string) => c.repeat(64);
  await inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId: t });
    const template = await trx.selectFrom('agreement_template_versions').select('id').where('tenant_id', '=', t).executeTakeFirstOrThrow();
    const agreementId = uuidv7();
    const signerId = uuidv7();
    const endpointId = uuidv7();
    await sql`
      insert into agreements (tenant_id, id, template_version_id, status, young_person_name, young_person_birth_date, young_person_email,
                              case_manager_id, provider_ids, departure_date, aftercare_start_date, plan, in_force_version)
      values (${t}, ${agreementId}, ${template.id}, 'active', 'Sam de Vries', '2007-03-01', 'sam@example.org',
              ${demo.adminUserId}, ${sql.raw(`array['${demo.providerId}']::uuid[]`)}, '2025-06-01', '2025-05-01', '{"goals":[{"id":"g1"}]}', 1)`.execute(trx);
    await sql`
      insert into agreement_versions (tenant_id, id, agreement_id, version, status, content, content_sha256, signed_at)
      values (${t}, ${uuidv7()}, ${agreementId}, 1, 'signed', '{"title":"Afspraken"}', ${hex('a')}, now())`.execute(trx);
    await sql`
      insert into signers (tenant_id, id, agreement_id, version, role, name, email, channel, position, token_hash, expires_at, status, signed_at, typed_name)
      values (${t}, ${signerId}, ${agreementId}, 1, 'young-person', 'Sam de Vries', 'sam@example.org', 'email', 1, ${hex('b')},
              now() + interval '14 days', 'signed', now(), 'Sam de Vries')`.execute(trx);
    await sql`
      insert into signing_events (tenant_id, id, agreement_id, version, seq, signer_id, type, occurred_at, prev_hash, hash)
      values (${t}, ${uuidv7()}, ${agreementId}, 1, 1, ${signerId}, 'signed', now(), ${hex('0')}, ${hex('c')})`.execute(trx);
    await sql`
      insert into signed_documents (tenant_id, id, agreement_id, version, pdf_base64, sha256, content_sha256, signed_at)
      values (${t}, ${uuidv7()}, ${agreementId}, 1, 'JVBERi0=', ${hex('d')}, ${hex('a')}, now())`.execute(trx);
    await sql`insert into signer_access (tenant_id, signer_id, link_hash) values (${t}, ${signerId}, ${hex('e')})`.execute(trx);
    await sql`
      insert into webhook_endpoints (tenant_id, id, url, events, secret)
      values (${t}, ${endpointId}, 'https://hooks.example.org/vervolg', '{agreement.signed}', 'enc1.k1.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')`.execute(trx);
    await sql`
      insert into webhook_deliveries (tenant_id, id, endpoint_id, event_id, event_type, payload)
      values (${t}, ${uuidv7()}, ${endpointId}, ${uuidv7()}, 'agreement.signed', '{"id":"x"}')`.execute(trx);
    await sql`insert into outbox (id, tenant_id, channel, recipient, subject, body) values (${uuidv7()}, ${t}, 'email', 'sam@example.org', 'Hallo', 'Tekst')`.execute(trx);
    await sql`
      insert into processing_log (id, tenant_id, trace_id, span_id, operation, action, actor_type, actor_id)
      values (${uuidv7()}, ${t}, 'trace', 'span', 'agreement.sign', 'update', 'signer', ${signerId})`.execute(trx);
  });
}

async function counts(db: Database, tenantId: string | null): Promise<Record<string, number>> {
  return inAppTransaction(db, async (trx) => {
    await setContext(trx, { tenantId });
    const { rows } = await sql<Record<string, number>>`
      select (select count(*)::int from agreements) as agreements, (select count(*)::int from signed_documents) as documents,
             (select count(*)::int from trajectories) as trajectories, (select count(*)::int from indicator_facts) as facts`.execute(trx);
    return rows[0]!;
  });
}

beforeAll(() => {
  installSecretKeys(loadConfig({ APP_ENV: 'test', SECRET_KEYS: TEST_SECRET_KEYS }).secretKeys ?? []);
});
afterAll(async () => {
  for (const handle of opened) await handle.close();
});

describe('migrating forward from the TypeScript migrations', () => {
  let fresh: Database;
  let freshCatalog: Record<string, string[]>;
  beforeAll(async () => {
    fresh = await emptyDatabase();
    expect(await migrate(fresh)).toHaveLength(legacyMigrations.length + sqlEraMigrations.length);
    freshCatalog = await catalog(fresh);
    // What the comparisons below compare: every policy, trigger and function of the old migrations
    // (47 policies, 17 triggers, 27 functions, 32 tables under row-level security) and the two helpers.
    // (+1 policy and table since: tenant_themes, 0016; +1 policy, table and 2 triggers: contact_moments, 0017; the same again: review_meetings, 0018;
    // +4 policies and tables and 4 triggers: plan_progress, young_person_notes, aftercare_settings, practical_info, 0019; +1 policy, table and
    // 2 triggers: barriers, 0020; +2 policies and tables, 8 triggers and 4 functions: aftercare_state and the signals, 0021; +2 functions: provider_goal_progress, aftercare_signal_days;
    // +1 policy, table and trigger: webhook_secret_reveals, 0026; +1 policy: invitations_operator, 0024;
    // +1 function: indicator_years_stale, for the scheduled recompute of stale rollups.)
    expect(freshCatalog.policies).toHaveLength(62);
    expect(freshCatalog.triggers).toHaveLength(36);
    expect(freshCatalog.functions).toHaveLength(38);
    expect(freshCatalog.tables!.filter((t) => t.includes('rls=true force=true'))).toHaveLength(46);
  }, 120_000);

  it('keeps the migration names, so the old runner’s records count as applied', async () => {
    const { rows } = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(fresh);
    expect(rows.map((r) => r.name)).toEqual([...legacyMigrations.map((m) => m.name), ...sqlEraMigrations]);
  });

  it('a database migrated by the old runner, with data, ends with the fresh schema and all its data', async () => {
    const db = await emptyDatabase();
    await legacyMigrate(db);
    await seed(db);
    const before = await allData(db);
    const tenantId = (await db.selectFrom('tenants').select('id').executeTakeFirstOrThrow()).id;
    const visibleBefore = await counts(db, tenantId);
    // The demo's six agreements (two signed, with their sealed PDF) and the one written here.
    expect(visibleBefore).toMatchObject({ agreements: 7, documents: 3, trajectories: 120 });
    // Before the new runner touches it, the old schema already equals the new one but for the two
    // row-level security helpers: every policy, trigger and function as the old migrations made it.
    const withoutHelpers = (c: Record<string, string[]>) => ({ ...c, functions: c.functions!.filter((f) => !f.startsWith('vervolg_')) });
    expect(withoutSqlEra(await catalog(db))).toEqual(withoutHelpers(withoutSqlEra(freshCatalog)));

    expect(await migrate(db)).toEqual(sqlEraMigrations);
    expect(await catalog(db)).toEqual(freshCatalog);
    // All the data as it was; what the SQL-era migrations added (their record, their empty tables) aside.
    const after = await allData(db);
    // 0027 notes every (municipality, provider, year) with ended trajectories stale: their rollups are computed when first read.
    const { rows: staleYears } = await sql<{ n: number }>`
      select count(distinct (tenant_id, provider_id, extract(year from end_date)))::int as n from trajectories where end_date is not null`.execute(db);
    expect(staleYears[0]?.n).toBeGreaterThan(0);
    for (const table of SQL_ERA_TABLES) {
      if (FILLED_FROM_DATA.includes(table)) expect(after[table]).toHaveLength(visibleBefore.agreements as number);
      else if (table === 'indicator_rollups_stale') expect(after[table]).toHaveLength(staleYears[0]?.n as number);
      else expect(after[table]).toEqual([]);
      delete after[table];
    }
    for (const table of Object.keys(COLUMNS_ADDED)) after[table] = (after[table] ?? []).map((row) => withoutAddedColumns(table, row));
    expect({ ...after, schema_migrations: after.schema_migrations?.filter((row) => !sqlEraMigrations.some((name) => row.includes(`"${name}"`))) }).toEqual(before);
    // And it still works: the tenant sees its rows, no tenant sees nothing, a sealed document is immutable.
    expect(await counts(db, tenantId)).toEqual(visibleBefore);
    expect(await counts(db, null)).toEqual({ agreements: 0, documents: 0, trajectories: 0, facts: 0 });
    await expect(sql`update signed_documents set pdf_base64 = 'x'`.execute(db)).rejects.toThrow(/append-only/);
  }, 240_000);

  it('a database the old runner left half-way (at 0009, the first app_enter) is completed to the fresh schema', async () => {
    const db = await emptyDatabase();
    await legacyMigrate(db, '0009_outcomes');
    const applied = await migrate(db);
    expect(applied).toEqual([...legacyMigrations.map((m) => m.name), ...sqlEraMigrations].filter((n) => n > '0009_outcomes'));
    expect(await catalog(db)).toEqual(freshCatalog);
  }, 240_000);

  it('migrating again is a no-op: nothing pending, the functions re-applied to the same catalog', async () => {
    expect(await migrate(fresh)).toEqual([]);
    expect(await migrate(fresh)).toEqual([]);
    expect(await catalog(fresh)).toEqual(freshCatalog);
  }, 120_000);

  it('re-applies the function files only when they changed (their SHA-256 is the comment of schema_migrations)', async () => {
    const db = await emptyDatabase();
    await migrate(db);
    // With the same files, a start re-applies nothing (re-creating policies would lock every table):
    // a policy dropped by hand stays dropped…
    await sql`drop policy tenants_visible on tenants`.execute(db);
    expect(await migrate(db)).toEqual([]);
    expect((await catalog(db)).policies).toHaveLength(freshCatalog.policies!.length - 1);
    // …and when the recorded files differ from ours (as after a deploy that changed one), all are re-applied.
    await sql`comment on table schema_migrations is 'db/functions sha256:older'`.execute(db);
    expect(await migrate(db)).toEqual([]);
    expect(await catalog(db)).toEqual(freshCatalog);
  }, 120_000);
});
