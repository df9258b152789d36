import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEMPLATE_CONTENT } from '../../db/seed/template.js';
import { FrozenContent } from '../../src/domain/agreement.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { canonicalJson, versionRefused, versionSigned } from '../../src/modules/agreements/service.js';
import { sha256Hex } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateId: string;
let templateVersionId: string;
const base = () => `/v1/municipalities/${w.A.id}`;
const cm = () => w.A.people['case-manager'];
/** The path parameters of an agreement of municipality A. */
const ofA = (agreementId: string) => ({ municipalityId: w.A.id, agreementId });

beforeAll(async () => {
  w = await createWorld();
  ({ templateId, templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

const plan = {
  goals: [
    { domain: 'housing', term: 'long', description: 'Zelfstandig wonen in een studio', targetDate: '2027-09-01' },
    { domain: 'education', term: 'short', description: 'Mbo-diploma niveau 2 halen', targetDate: '2027-07-01', status: 'in-progress' },
  ],
  commitments: [{ party: 'young-person', what: 'Naar school gaan', frequency: 'elke schooldag' }],
  conditions: [{ help: 'Woonbegeleiding', dependsOn: 'Naar school gaan', ifNotKept: 'We bespreken samen wat nodig is', reviewOn: '2027-03-01' }],
  risks: [{ risk: 'Schulden', signals: 'Post niet openen', actions: 'Budgetcoach inschakelen', who: 'Casemanager' }],
  network: [
    { name: 'Tante Ans', relation: 'tante', kind: 'informal', practicalContact: true },
    { name: 'Mentor', relation: 'mentor', kind: 'formal' },
  ],
  checklist: [{ item: 'digid', status: 'done' }, { item: 'health-insurance' }],
  reviews: [{ plannedOn: '2027-03-01' }],
};

async function draft(overrides: Record<string, unknown> = {}) {
  const res = await w.call(agreements.createAgreement, {
    token: cm().token,
    params: { municipalityId: w.A.id },
    json: {
      templateVersionId,
      youngPerson: { name: 'Sanne de Vries', dateOfBirth: '2009-05-14', mobile: '06 12345678' },
      providerIds: [w.P1.id],
      departureDate: '2027-02-01',
      aftercareStartDate: '2026-12-01',
      plan,
      ...overrides,
    },
  });
  return res;
}

const signersBody = () => ({ signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Casemanager Alpha', email: cm().email }] });
const ACTIONS = { send: agreements.send, cancel: agreements.cancel, end: agreements.end, complete: agreements.complete, amendments: agreements.amend };
const act = (id: string, action: keyof typeof ACTIONS, etag: string, json?: unknown) =>
  w.call(ACTIONS[action], { token: cm().token, params: ofA(id), headers: { 'If-Match': etag }, json: json ?? (action === 'send' ? signersBody() : undefined) });
const read = async (id: string) => (await w.call(agreements.getAgreement, { token: cm().token, params: ofA(id) })).json(200);
const versionsOf = async (id: string) => (await w.call(agreements.listVersions, { token: cm().token, params: ofA(id) })).json(200);

describe('templates', () => {
  it('a published version never changes, in the API and in the database', async () => {
    const put = await w.request('PUT', `${base()}/agreement-templates/${templateId}/versions/1`, { token: w.A.people.admin.token, body: { content: DEMO_TEMPLATE_CONTENT } });
    expect(put.status).toBe(409);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await sql`update agreement_template_versions set content = '{}'::jsonb where id = ${templateVersionId}`.execute(trx);
      }),
    ).rejects.toThrow(/immutable/);
  });

  it('a new version is a draft until published; one draft at a time', async () => {
    const v2 = await w.request('POST', `${base()}/agreement-templates/${templateId}/versions`, { token: w.A.people.admin.token, body: { content: DEMO_TEMPLATE_CONTENT } });
    expect(v2.status).toBe(201);
    expect(await v2.json()).toMatchObject({ version: 2, status: 'draft' });
    const v3 = await w.request('POST', `${base()}/agreement-templates/${templateId}/versions`, { token: w.A.people.admin.token, body: { content: DEMO_TEMPLATE_CONTENT } });
    expect(v3.status).toBe(409);
    const list = (await w.call(agreements.listTemplates, { token: w.A.people.analyst.token, params: { municipalityId: w.A.id } })).json(200);
    expect(list.items[0]?.versions.map((v) => `${v.version}:${v.status}`)).toEqual(['1:published', '2:draft']);
  });

  it('needs every section in Dutch and English', async () => {
    const res = await w.call(agreements.createTemplate, { token: w.A.people.admin.token, params: { municipalityId: w.A.id }, json: { name: 'Kapot', content: { sections: { introduction: { nl: 'Hoi' } } } } });
    expect(res.status).toBe(400);
    expect(res.json(400).invalidParams?.length).toBeGreaterThan(5);
  });

  it("another municipality's template is not found", async () => {
    expect((await w.request('GET', `/v1/municipalities/${w.B.id}/agreement-templates/${templateId}`, { token: w.B.people.admin.token })).status).toBe(404);
  });
});

describe('drawing up an agreement', () => {
  it('creates a draft with an ETag, and every read is logged', async () => {
    const res = await draft();
    expect(res.status).toBe(201);
    const a = res.json(201);
    expect(a).toMatchObject({ status: 'draft', revision: 1, caseManagerId: cm().userId });
    expect(a.youngPerson.mobile).toBe('+31612345678');
    expect(res.headers.get('ETag')).toBe('"r1"');
    const get = await w.request('GET', `${base()}/agreements/${a.id}`, { token: cm().token });
    const logged = await w.db.selectFrom('processing_log').selectAll().where('trace_id', '=', get.headers.get('X-Request-ID') as string).execute();
    expect(logged).toEqual([expect.objectContaining({ operation: 'getAgreement', action: 'read', subject_type: 'agreement', subject_id: a.id })]);
  });

  it('reports every problem at once', async () => {
    const res = await draft({
      templateVersionId: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11',
      youngPerson: { name: 'Te Oud', dateOfBirth: '1990-01-01' },
      providerIds: [w.P2.id],
      caseManagerId: w.A.people.analyst.userId,
      departureDate: '2026-11-01',
      aftercareStartDate: '2026-12-01',
    });
    expect(res.status).toBe(400);
    const names = (res.json(400).invalidParams ?? []).map((p) => p.name).sort();
    expect(names).toEqual(['body.aftercareStartDate', 'body.caseManagerId', 'body.providerIds.0', 'body.templateVersionId', 'body.youngPerson', 'body.youngPerson.dateOfBirth']);
  });

  it('checks the plan: one informal practical contact, known life domains, no duplicate checklist items', async () => {
    const res = await draft({
      plan: {
        ...plan,
        goals: [{ domain: 'space-travel', term: 'long', description: 'x', targetDate: '2027-01-01' }],
        network: [
          { name: 'A', relation: 'x', kind: 'formal', practicalContact: true },
          { name: 'B', relation: 'y', kind: 'informal', practicalContact: true },
        ],
        checklist: [{ item: 'digid' }, { item: 'digid' }],
      },
    });
    expect(res.status).toBe(400);
    const names = (res.json(400).invalidParams ?? []).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['body.plan.goals.0.domain']));
    // With a valid shape, the rules across items are checked too.
    const rules = await draft({
      plan: {
        ...plan,
        network: [
          { name: 'A', relation: 'x', kind: 'formal', practicalContact: true },
          { name: 'B', relation: 'y', kind: 'informal', practicalContact: true },
        ],
        checklist: [{ item: 'digid' }, { item: 'digid' }],
      },
    });
    expect(rules.status).toBe(400);
    const ruleNames = (rules.json(400).invalidParams ?? []).map((p) => p.name).sort();
    expect(ruleNames).toEqual(['body.plan.checklist.1.item', 'body.plan.network.0.kind', 'body.plan.network.1.practicalContact']);
  });

  it('analysts and contract managers cannot see agreements (personal data)', async () => {
    for (const role of ['analyst', 'contract-manager'] as const) {
      expect((await w.request('GET', `${base()}/agreements`, { token: w.A.people[role].token })).status).toBe(403);
    }
  });

  it("another municipality's agreement is not found, even by id — and the attempt is on record", async () => {
    const a = (await draft()).json(201);
    const attempt = await w.request('GET', `/v1/municipalities/${w.B.id}/agreements/${a.id}`, { token: w.B.people['case-manager'].token });
    expect(attempt.status).toBe(404);
    const refused = await sql<{ status: string; operation: string; actor_id: string; tenant_id: string | null }>`
      select status, operation, actor_id, tenant_id from processing_log where trace_id = ${attempt.headers.get('X-Request-ID')}`.execute(w.db);
    expect(refused.rows).toEqual([{ status: 'refused', operation: 'getAgreement', actor_id: w.B.people['case-manager'].userId, tenant_id: w.B.id }]);
    expect((await w.request('PATCH', `/v1/municipalities/${w.B.id}/agreements/${a.id}`, { token: w.B.people['case-manager'].token, headers: { 'If-Match': '"r1"' }, body: { plan } })).status).toBe(404);
  });
});

describe('editing with If-Match', () => {
  it('requires If-Match, refuses a stale one, and accepts the current one', async () => {
    const a = (await draft()).json(201);
    const url = `${base()}/agreements/${a.id}`;
    expect((await w.request('PATCH', url, { token: cm().token, body: { departureDate: '2027-03-01' } })).status).toBe(428);
    const ok = await w.request('PATCH', url, { token: cm().token, headers: { 'If-Match': '"r1"' }, body: { departureDate: '2027-03-01' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('ETag')).toBe('"r2"');
    const stale = await w.request('PATCH', url, { token: cm().token, headers: { 'If-Match': '"r1"' }, body: { departureDate: '2027-04-01' } });
    expect(stale.status).toBe(412);
    const now = await read(a.id);
    expect(now.departureDate).toBe('2027-03-01');
  });
});

describe('webhooks', () => {
  it('the lifecycle tells subscribed endpoints, with ids and states only', async () => {
    const ep = await w.request('POST', `${base()}/webhook-endpoints`, {
      token: w.A.people.admin.token,
      body: { url: 'https://hooks.example.org/vervolg', events: ['agreement.sent', 'agreement.signed', 'agreement.amended', 'agreement.completed'] },
    });
    expect(ep.status).toBe(201);
    const a = (await draft()).json(201);
    await act(a.id, 'send', '"r1"');
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionSigned(trx, w.A.id, a.id, 1, new Date());
    });
    const rows = await sql<{ event_type: string; payload: { data: Record<string, unknown> } }>`
      select event_type, payload from webhook_deliveries where payload->'data'->>'agreementId' = ${a.id} order by created_at, event_type`.execute(w.db);
    expect(rows.rows.map((r) => r.event_type)).toEqual(['agreement.sent', 'agreement.signed']);
    expect(JSON.stringify(rows.rows)).not.toContain('Sanne');
  });
});

describe('the lifecycle', () => {
  it('send freezes the content with its SHA-256; edits are then refused', async () => {
    const a = (await draft()).json(201);
    const sent = await act(a.id, 'send', '"r1"');
    expect(sent.status).toBe(200);
    expect(sent.json(200)).toMatchObject({ status: 'sent', revision: 2 });
    const versions = await versionsOf(a.id);
    const v1 = versions.items[0];
    expect(v1).toMatchObject({ version: 1, status: 'sent' });
    expect(v1?.contentSha256).toBe(sha256Hex(canonicalJson(v1?.content)));
    const introduction = FrozenContent.parse(v1?.content).texts.introduction.nl;
    expect(introduction).toContain('Sanne de Vries');
    expect(introduction).toContain('Gemeente Alpha');
    expect(introduction).not.toContain('{{');
    expect((await w.request('PATCH', `${base()}/agreements/${a.id}`, { token: cm().token, headers: { 'If-Match': '"r2"' }, body: { plan } })).status).toBe(409);
    const stored = await sql<{ t: string }>`select jsonb_typeof(content) as t from agreement_versions where agreement_id = ${a.id}`.execute(w.db);
    expect(stored.rows[0]?.t).toBe('object');
    // The database refuses a change to the sent content, whoever asks.
    await expect(sql`update agreement_versions set content = '{}'::jsonb where agreement_id = ${a.id}`.execute(w.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from agreement_versions where agreement_id = ${a.id}`.execute(w.db)).rejects.toThrow(/cannot be deleted/);
  });

  it('impossible transitions are 409 problem+json', async () => {
    const a = (await draft()).json(201);
    for (const action of ['complete', 'amendments'] as const) {
      const res = await act(a.id, action, '"r1"');
      expect(res.status, action).toBe(409);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await act(a.id, 'end', '"r1"', { reason: '32' })).status).toBe(409);
  });

  it('signed → active; an amendment is a new version signed again; the earlier one stays readable', async () => {
    const a = (await draft()).json(201);
    await act(a.id, 'send', '"r1"');
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionSigned(trx, w.A.id, a.id, 1, new Date());
    });
    let now = await read(a.id);
    expect(now).toMatchObject({ status: 'active', inForceVersion: 1 });
    expect((await w.request('PATCH', `${base()}/agreements/${a.id}`, { token: cm().token, headers: { 'If-Match': `"r${now.revision}"` }, body: { plan } })).status).toBe(409);

    const amending = (await act(a.id, 'amendments', `"r${now.revision}"`)).json(200);
    expect(amending.status).toBe('amending');
    const changedPlan = { ...plan, goals: [...plan.goals, { domain: 'health', term: 'long', description: 'Sporten', targetDate: '2027-06-01' }] };
    const edited = (await w.call(agreements.updateAgreement, { token: cm().token, params: ofA(a.id), headers: { 'If-Match': `"r${amending.revision}"` }, json: { plan: changedPlan } })).json(200);
    const sent = (await act(a.id, 'send', `"r${edited.revision}"`)).json(200);
    expect(sent.status).toBe('amendment-sent');
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionSigned(trx, w.A.id, a.id, 2, new Date());
    });
    now = await read(a.id);
    expect(now).toMatchObject({ status: 'active', inForceVersion: 2 });
    const versions = await versionsOf(a.id);
    expect(versions.items.map((v) => `${v.version}:${v.status}`)).toEqual(['1:superseded', '2:signed']);
    expect(FrozenContent.parse(versions.items[0]?.content).plan.goals).toHaveLength(2);
    expect(FrozenContent.parse(versions.items[1]?.content).plan.goals).toHaveLength(3);

    const ended = await act(a.id, 'end', `"r${now.revision}"`, { reason: '32', note: 'Niet meer gekomen' });
    expect(ended.json(200)).toMatchObject({ status: 'ended', endReason: '32' });
    expect((await act(a.id, 'end', `"r${now.revision + 1}"`, { reason: '99' })).status).toBe(400);
  });

  it('a declined amendment leaves the signed version in force; dropping an amendment restores the plan', async () => {
    const a = (await draft()).json(201);
    await act(a.id, 'send', '"r1"');
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionSigned(trx, w.A.id, a.id, 1, new Date());
    });
    let r = await read(a.id);
    r = (await act(a.id, 'amendments', `"r${r.revision}"`)).json(200);
    r = (await act(a.id, 'send', `"r${r.revision}"`)).json(200);
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionRefused(trx, w.A.id, a.id, 2, 'declined', new Date());
    });
    r = await read(a.id);
    expect(r.status).toBe('active');

    r = (await act(a.id, 'amendments', `"r${r.revision}"`)).json(200);
    r = (await w.call(agreements.updateAgreement, { token: cm().token, params: ofA(a.id), headers: { 'If-Match': `"r${r.revision}"` }, json: { plan: { ...plan, goals: [] } } })).json(200);
    expect(r.plan.goals).toHaveLength(0);
    r = (await act(a.id, 'cancel', `"r${r.revision}"`, {})).json(200);
    expect(r.status).toBe('active');
    expect(r.plan.goals).toHaveLength(2);
  });

  it('completion records JZ588 code 31', async () => {
    const a = (await draft()).json(201);
    await act(a.id, 'send', '"r1"');
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await versionSigned(trx, w.A.id, a.id, 1, new Date());
    });
    const r = await read(a.id);
    const done = await act(a.id, 'complete', `"r${r.revision}"`);
    expect(done.json(200)).toMatchObject({ status: 'completed', endReason: '31' });
  });

  it('lists with filters, newest first', async () => {
    // Three drafts of its own, so there is a second page whatever ran before.
    for (let i = 0; i < 3; i++) (await draft()).json(201);
    const list = (await w.call(agreements.listAgreements, { token: cm().token, params: { municipalityId: w.A.id }, query: { status: 'draft', limit: 2 } })).json(200);
    expect(list.items.length).toBe(2);
    expect(list.items.every((i) => i.status === 'draft')).toBe(true);
    expect(list.nextCursor).not.toBeNull();
  });
});
