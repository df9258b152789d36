// Contact moments after signing (issue 13, the living plan): recorded through the API beside the
// agreement, append-only, newest first; only the reached kinds count as contact.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_KIND_CODES, REACHED_KINDS } from '../../src/domain/aftercare.js';
import { routes } from '../../src/modules/aftercare/routes.js';
import { lastContact } from '../../src/modules/aftercare/service.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
const cm = () => w.A.people['case-manager'];
const today = dayInAmsterdam(new Date());
const daysFrom = (day: string, n: number) => new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const aftercareStartDate = daysFrom(today, -30);

beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

let counter = 0;
async function draft() {
  const n = ++counter;
  const mobile = `+3161188${String(n).padStart(4, '0')}`;
  return (
    await w.call(agreements.createAgreement, {
      token: cm().token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: `Sem Contact ${n}`, dateOfBirth: '2008-03-02', mobile }, departureDate: daysFrom(today, 30), aftercareStartDate },
    })
  ).json(201);
}
/** An agreement out for signature (sent through the API). */
async function sent() {
  const a = await draft();
  const res = await w.call(agreements.send, {
    token: cm().token,
    params: { municipalityId: w.A.id, agreementId: a.id },
    headers: { 'If-Match': '"r1"' },
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.contact${counter}@alpha.example` }] },
  });
  expect(res.json(200).status).toBe('sent');
  return a.id;
}
const record = (agreementId: string, json: Record<string, unknown>, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.recordContactMoment, { token, params: { municipalityId, agreementId }, json: json as never });
const list = (agreementId: string, query: { limit?: number; cursor?: string } = {}, token = cm().token) =>
  w.call(routes.listContactMoments, { token, params: { municipalityId: w.A.id, agreementId }, query });
const lastContactOf = (agreementId: string) =>
  inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: w.A.id });
    return lastContact(trx, w.A.id, agreementId);
  });

describe('recording contact moments', () => {
  it('records (201) with who recorded it, lists newest first and pages', async () => {
    const id = await sent();
    const first = (await record(id, { occurredOn: daysFrom(today, -10), kind: 'phone', note: 'Gebeld over school.' })).json(201);
    expect(first).toMatchObject({ agreementId: id, occurredOn: daysFrom(today, -10), kind: 'phone', reached: true, note: 'Gebeld over school.', recordedBy: { id: cm().userId } });
    expect(first.recordedBy.name.length).toBeGreaterThan(0);
    (await record(id, { occurredOn: daysFrom(today, -2), kind: 'face-to-face' })).json(201);
    (await record(id, { occurredOn: daysFrom(today, -20), kind: 'message' })).json(201);
    const later = (await record(id, { occurredOn: daysFrom(today, -2), kind: 'no-show' })).json(201);
    expect(later.note).toBeNull();

    const all = (await list(id)).json(200);
    expect(all.items.map((m) => [m.occurredOn, m.kind])).toEqual([
      [daysFrom(today, -2), 'no-show'], // same day: the one recorded last first
      [daysFrom(today, -2), 'face-to-face'],
      [daysFrom(today, -10), 'phone'],
      [daysFrom(today, -20), 'message'],
    ]);
    expect(all.nextCursor).toBeNull();
    expect(all.items[0]?.id).toBe(later.id);

    const p1 = (await list(id, { limit: 3 })).json(200);
    expect(p1.items).toHaveLength(3);
    expect(p1.nextCursor).toBe(all.items[2]?.id);
    const p2 = (await list(id, { limit: 3, cursor: p1.nextCursor as string })).json(200);
    expect(p2.items.map((m) => m.id)).toEqual([all.items[3]?.id]);
    expect(p2.nextCursor).toBeNull();
  });

  it('reached is true exactly for the reached kinds; lastContact ignores no-show and not-reachable', async () => {
    const id = await sent();
    expect(await lastContactOf(id)).toBeNull();
    (await record(id, { occurredOn: daysFrom(today, -5), kind: 'no-show' })).json(201);
    (await record(id, { occurredOn: daysFrom(today, -3), kind: 'not-reachable' })).json(201);
    expect(await lastContactOf(id)).toBeNull();
    for (const kind of CONTACT_KIND_CODES) {
      const m = (await record(id, { occurredOn: daysFrom(today, -8), kind })).json(201);
      expect(m.reached, kind).toBe(REACHED_KINDS.includes(kind));
    }
    expect(await lastContactOf(id)).toBe(daysFrom(today, -8));
    (await record(id, { occurredOn: today, kind: 'home-visit' })).json(201);
    expect(await lastContactOf(id)).toBe(today);
  });

  it('400 lists every problem of the body at once; nothing is recorded', async () => {
    const id = await sent();
    const bad = (await record(id, { occurredOn: daysFrom(today, 2), kind: 'carrier-pigeon', note: 'x'.repeat(2001) })).json(400);
    expect(bad.invalidParams?.map((p: { name: string }) => p.name).sort()).toEqual(['body.kind', 'body.note', 'body.occurredOn']);
    const future = (await record(id, { occurredOn: daysFrom(today, 1), kind: 'phone' })).json(400);
    expect(future.invalidParams).toEqual([{ name: 'body.occurredOn', reason: expect.stringContaining('future') }]);
    const early = (await record(id, { occurredOn: daysFrom(aftercareStartDate, -400), kind: 'phone' })).json(400);
    expect(early.invalidParams).toEqual([{ name: 'body.occurredOn', reason: expect.stringContaining('a year before the aftercare start') }]);
    (await record(id, { occurredOn: daysFrom(aftercareStartDate, -300), kind: 'phone' })).json(201);
    expect((await list(id)).json(200).items).toHaveLength(1);
  });

  it('a draft → 409; another municipality → 404; an analyst → 403', async () => {
    const d = await draft();
    expect((await record(d.id, { occurredOn: today, kind: 'phone' })).json(409).detail).toContain('draft');
    const id = await sent();
    expect((await record(id, { occurredOn: today, kind: 'phone' }, w.B.people['case-manager'].token, w.B.id)).status).toBe(404);
    expect((await w.call(routes.listContactMoments, { token: w.B.people['case-manager'].token, params: { municipalityId: w.B.id, agreementId: id }, query: {} })).status).toBe(404);
    expect((await record(id, { occurredOn: today, kind: 'phone' }, w.A.people.analyst.token)).status).toBe(403);
    expect((await list(id, {}, w.A.people.analyst.token)).status).toBe(403);
    expect((await list(id, {}, w.A.people.admin.token)).status).toBe(200);
  });

  it('the processing log has the recording (create) and each listing (read), about the agreement', async () => {
    const id = await sent();
    (await record(id, { occurredOn: today, kind: 'phone' })).json(201);
    (await list(id)).json(200);
    const log = (
      await sql<{ operation: string; action: string; status: string }>`
        select operation, action, status from processing_log where subject_id = ${id} and operation in ('recordContactMoment', 'listContactMoments') order by id`.execute(w.db)
    ).rows;
    expect(log).toEqual([
      { operation: 'recordContactMoment', action: 'create', status: expect.any(String) },
      { operation: 'listContactMoments', action: 'read', status: expect.any(String) },
    ]);
  });
});

describe('in the database', () => {
  it('append-only: the request role may not UPDATE or DELETE, and the trigger refuses the owner too', async () => {
    const id = await sent();
    (await record(id, { occurredOn: today, kind: 'phone' })).json(201);
    for (const statement of [sql`update contact_moments set kind = 'no-show'`, sql`delete from contact_moments`]) {
      await expect(
        inAppTransaction(w.db, async (trx) => {
          await setContext(trx, { tenantId: w.A.id });
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(sql`update contact_moments set kind = 'no-show'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from contact_moments`.execute(w.db)).rejects.toThrow(/append-only/);
  });

  it("row-level security: a query without a tenant filter sees only its own tenant's contact moments, and cannot write into another", async () => {
    const id = await sent();
    (await record(id, { occurredOn: today, kind: 'phone' })).json(201);
    const seenFromB = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.B.id });
      return (await sql<{ n: number }>`select count(*)::int as n from contact_moments`.execute(trx)).rows[0]?.n;
    });
    expect(seenFromB).toBe(0);
    const seenFromA = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      return (await sql<{ tenant_id: string }>`select distinct tenant_id from contact_moments`.execute(trx)).rows;
    });
    expect(seenFromA).toEqual([{ tenant_id: w.A.id }]);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.B.id });
        await sql`insert into contact_moments (id, tenant_id, agreement_id, occurred_on, kind, recorded_by)
                  values (gen_random_uuid(), ${w.A.id}, ${id}, ${today}, 'phone', ${w.A.people['case-manager'].userId})`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
