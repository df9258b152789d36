// Keeping every young person in view (issue 13, part 2), through the real flows: the signals in
// the API and the caseload, cleared by what the case manager records; the municipality's settings;
// a follow-up reported by the provider; the aftercare.signal webhook and the weekly digest of the
// scheduled job; and who may see what.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes as aftercare } from '../../src/modules/aftercare/routes.js';
import { mondayOf, runAftercareJobs } from '../../src/modules/aftercare/jobs.js';
import { routes as signals } from '../../src/modules/aftercare/signal-routes.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate, publishedTemplateWithWebhook } from '../support/agreements.js';
import { insertContract } from '../support/contracts.js';
import { pageClient } from '../support/pages.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
let templateB: string;
const today = dayInAmsterdam(new Date());
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const cm = () => w.A.people['case-manager'];

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplateWithWebhook(w, ['aftercare.signal']));
  ({ templateVersionId: templateB } = await publishedTemplate(w, adminOf(w.B)));
}, 60_000);
afterAll(async () => w?.close());

let counter = 0;
/** An agreement sent for signature through the API: in view from now on. */
async function sent(options: { name?: string; born?: string; start?: string; departure?: string; providerIds?: string[]; municipality?: 'A' | 'B' } = {}) {
  const m = options.municipality === 'B' ? w.B : w.A;
  const token = m.people['case-manager'].token;
  const n = ++counter;
  const start = options.start ?? daysFrom(today, -70);
  const created = (
    await w.call(agreements.createAgreement, {
      token,
      params: { municipalityId: m.id },
      json: {
        templateVersionId: options.municipality === 'B' ? templateB : templateVersionId,
        youngPerson: { name: options.name ?? `Jongere Signaal ${n}`, dateOfBirth: options.born ?? '2006-01-15', mobile: `+3161177${String(n).padStart(4, '0')}` },
        departureDate: options.departure ?? start,
        aftercareStartDate: start,
        ...(options.providerIds ? { providerIds: options.providerIds } : {}),
      },
    })
  ).json(201);
  const res = await w.call(agreements.send, {
    token,
    params: { municipalityId: m.id, agreementId: created.id },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.signaal${n}@example.org` }] },
  });
  expect(res.json(200).status).toBe('sent');
  return created.id as string;
}
const signalsOf = async (agreementId: string, token = cm().token) =>
  (await w.call(signals.listAftercareSignals, { token, params: { municipalityId: w.A.id }, query: {} })).json(200).items.filter((s) => s.agreementId === agreementId);

describe('no contact', () => {
  it('shows after N weeks from the aftercare start; a no-show does not clear it, a call does; the setting moves it', async () => {
    const id = await sent();
    const before = await signalsOf(id);
    expect(before.find((s) => s.signal === 'no-contact')).toMatchObject({ since: daysFrom(daysFrom(today, -70), 42), detail: null, youngPersonName: expect.stringContaining('Jongere Signaal') });
    const record = (kind: string) => w.call(aftercare.recordContactMoment, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id }, json: { occurredOn: daysFrom(today, -1), kind } as never });
    expect((await record('no-show')).status).toBe(201);
    expect((await signalsOf(id)).some((s) => s.signal === 'no-contact')).toBe(true);
    expect((await record('phone')).status).toBe(201);
    expect((await signalsOf(id)).some((s) => s.signal === 'no-contact')).toBe(false);

    // Another agreement without contact for 10 weeks: a 12-week setting clears it, 6 brings it back.
    const other = await sent();
    expect((await signalsOf(other)).some((s) => s.signal === 'no-contact')).toBe(true);
    const put = (noContactWeeks: number) =>
      w.call(signals.updateAftercareSettings, { token: w.A.people.admin.token, params: { municipalityId: w.A.id }, json: { noContactWeeks, endingWeeks: 8, weeklyDigest: true } });
    expect((await put(12)).json(200)).toEqual({ noContactWeeks: 12, endingWeeks: 8, weeklyDigest: true });
    expect((await signalsOf(other)).some((s) => s.signal === 'no-contact')).toBe(false);
    expect((await put(6)).status).toBe(200);
    expect((await signalsOf(other)).some((s) => s.signal === 'no-contact')).toBe(true);
  });

  it('is in the caseload in words, and gone there once contact is recorded', async () => {
    const id = await sent({ name: 'Fenna Uitzicht' });
    const client = pageClient(w, cm());
    const list = `/app/municipalities/${w.A.id}/agreements`;
    const html = await (await client.get(`${list}?sort=name`)).text();
    const row = html.slice(html.indexOf('Fenna Uitzicht'), html.indexOf('</tr>', html.indexOf('Fenna Uitzicht')));
    expect(row).toContain('Nog geen contact vastgelegd sinds de start van de nazorg');
    await w.call(aftercare.recordContactMoment, { token: cm().token, params: { municipalityId: w.A.id, agreementId: id }, json: { occurredOn: today, kind: 'face-to-face' } });
    const after = await (await client.get(`${list}?sort=name`)).text();
    const rowAfter = after.slice(after.indexOf('Fenna Uitzicht'), after.indexOf('</tr>', after.indexOf('Fenna Uitzicht')));
    expect(rowAfter).not.toContain('contact');
  });
});

describe('the other signals from real flows', () => {
  it('turning 18 within 18 months (checklist and framework open); aftercare ending at 23', async () => {
    const almost18 = await sent({ born: daysFrom(today, -(17 * 365)) });
    expect((await signalsOf(almost18)).find((s) => s.signal === 'turning-18')).toMatchObject({ detail: 'checklist,framework' });
    const almost23 = await sent({ born: daysFrom(today, -(23 * 365 - 20)) });
    const ending = (await signalsOf(almost23)).find((s) => s.signal === 'aftercare-ending');
    expect(ending?.detail).toBeDefined();
    expect(ending?.detail && ending.detail > today).toBe(true);
    // 23 already: out of view, no signal at all.
    const over = await sent({ born: daysFrom(today, -(23 * 365 + 10)) });
    expect(await signalsOf(over)).toEqual([]);
  });

  it('a follow-up at 3 months is due until the provider reports it', async () => {
    const contractId = (await insertContract(w.db, { tenantId: w.A.id, providerId: w.P1.id, products: [{ productCategory: '45' }], startDate: '2024-01-01', endDate: '2030-12-31' })).id;
    const departure = daysFrom(today, -100);
    const id = await sent({ departure, start: daysFrom(today, -110), providerIds: [w.P1.id] });
    expect((await signalsOf(id)).find((s) => s.signal === 'follow-up-due')).toMatchObject({ detail: '3' });
    const res = await w.request('POST', `/v1/providers/${w.P1.id}/outcome-batches`, {
      token: w.P1.apiKey,
      headers: { 'Idempotency-Key': `signals-${Date.now()}` },
      body: {
        records: [
          { type: 'trajectory', reference: `FU-${id.slice(-6)}`, clientReference: 'CL-FU', contractId, productCategory: '45', startDate: daysFrom(today, -200), endDate: departure, endReason: '31', agreementId: id },
          { type: 'follow-up', trajectoryReference: `FU-${id.slice(-6)}`, months: 3, measuredOn: today, housing: 'independent', educationWork: 'education', incomeDebts: 'income-no-debts', network: 'supportive', newYouthCare: false },
        ],
      },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect((await signalsOf(id)).some((s) => s.signal === 'follow-up-due')).toBe(false);
  });

  it('signing stuck: a declined agreement', async () => {
    const id = await sent();
    await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      await sql`update agreements set status = 'declined', updated_at = now() where tenant_id = ${w.A.id} and id = ${id}`.execute(trx);
    });
    expect((await signalsOf(id)).find((s) => s.signal === 'signing-stuck')).toMatchObject({ since: today, detail: 'declined' });
  });
});

describe('settings', () => {
  it('default to 6 and 8 weeks and a weekly digest; only an admin changes them; every problem at once', async () => {
    const fresh = (await w.call(signals.getAftercareSettings, { token: w.B.people['case-manager'].token, params: { municipalityId: w.B.id } })).json(200);
    expect(fresh).toEqual({ noContactWeeks: 6, endingWeeks: 8, weeklyDigest: true });
    const byCaseManager = await w.call(signals.updateAftercareSettings, { token: cm().token, params: { municipalityId: w.A.id }, json: { noContactWeeks: 4, endingWeeks: 8, weeklyDigest: true } });
    expect(byCaseManager.status).toBe(403);
    const bad = await w.request('PUT', `/v1/municipalities/${w.A.id}/aftercare-settings`, { token: w.A.people.admin.token, body: { noContactWeeks: 0, endingWeeks: 53, weeklyDigest: 'yes' } });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { invalidParams: { name: string }[] };
    expect(problem.invalidParams.map((p) => p.name).sort()).toEqual(['body.endingWeeks', 'body.noContactWeeks', 'body.weeklyDigest']);
  });
});

describe('isolation', () => {
  it('no municipality sees another’s signals or settings; the list is in the processing log', async () => {
    const inB = await sent({ municipality: 'B', name: 'Bram Elders' });
    const fromA = (await w.call(signals.listAftercareSignals, { token: w.A.people.admin.token, params: { municipalityId: w.A.id }, query: {} })).json(200).items;
    expect(fromA.some((s) => s.agreementId === inB)).toBe(false);
    expect(fromA.length).toBeGreaterThan(0);
    expect((await w.call(signals.listAftercareSignals, { token: w.A.people.admin.token, params: { municipalityId: w.B.id }, query: {} })).status).toBe(404);
    expect((await w.call(signals.getAftercareSettings, { token: w.A.people.admin.token, params: { municipalityId: w.B.id } })).status).toBe(404);
    // An analyst works with figures, not with young people.
    expect((await w.call(signals.listAftercareSignals, { token: w.A.people.analyst.token, params: { municipalityId: w.A.id }, query: {} })).status).toBe(403);
    // Filtered to one case manager: only theirs.
    const mine = (await w.call(signals.listAftercareSignals, { token: cm().token, params: { municipalityId: w.A.id }, query: { caseManagerId: cm().userId } })).json(200).items;
    expect(mine.every((s) => s.caseManager.id === cm().userId)).toBe(true);
    const logged = await w.db.selectFrom('processing_log').select(['operation', 'tenant_id']).where('actor_id', '=', cm().userId).where('operation', '=', 'listAftercareSignals').execute();
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.every((l) => l.tenant_id === w.A.id)).toBe(true);
  });

  it('the summary and the notices are the database’s to write, not the app’s', async () => {
    const id = await sent();
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.A.id });
        await sql`update aftercare_state set last_contact_on = current_date where agreement_id = ${id}`.execute(trx);
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('the scheduled job', () => {
  it('announces each signal once as a webhook, and sends each case manager one digest a week without names', async () => {
    const id = await sent({ name: 'Iris Digest' });
    const now = new Date();
    const first = await runAftercareJobs(w.db, { publicUrl: 'https://vervolg.test', now });
    expect(first.signalled).toBeGreaterThan(0);
    const deliveries = await sql<{ payload: { type: string; data: { agreementId: string; signal: string; since: string } } }>`
      select payload from webhook_deliveries where tenant_id = ${w.A.id} and event_type = 'aftercare.signal'`.execute(w.db);
    const ours = deliveries.rows.filter((d) => d.payload.data.agreementId === id);
    expect(ours.map((d) => d.payload.data.signal)).toContain('no-contact');
    expect(JSON.stringify(ours)).not.toContain('Iris');
    const digests = await sql<{ recipient: string; body: string }>`select recipient, body from outbox where body like '%aandacht nodig%' and recipient = ${cm().email}`.execute(w.db);
    expect(digests.rows).toHaveLength(1);
    expect(digests.rows[0]?.body).toContain('Geen contact: ');
    expect(digests.rows[0]?.body).toContain(`/app/municipalities/${w.A.id}/agreements`);
    expect(digests.rows[0]?.body).not.toContain('Iris');

    // Run again the same week: nothing new to announce, no second digest.
    const again = await runAftercareJobs(w.db, { publicUrl: 'https://vervolg.test', now });
    expect(again.signalled).toBe(0);
    expect(again.digests).toBe(0);
    // The next week: a digest again (the signals are still there), still no repeated webhook.
    const nextWeek = new Date(Date.parse(`${mondayOf(today)}T12:00:00Z`) + 7 * 86_400_000);
    const later = await runAftercareJobs(w.db, { publicUrl: 'https://vervolg.test', now: nextWeek });
    expect(later.digests).toBeGreaterThan(0);
    expect((await sql`select 1 from webhook_deliveries where event_type = 'aftercare.signal' and payload->'data'->>'agreementId' = ${id} and payload->'data'->>'signal' = 'no-contact'`.execute(w.db)).rows).toHaveLength(1);
  });
});

describe('mondayOf', () => {
  it('is the Monday of the ISO week', () => {
    expect(mondayOf('2026-12-03')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
  });
});
