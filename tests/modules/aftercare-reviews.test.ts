// Review meetings (evaluaties) after signing (issue 13, the living plan): recorded through the API
// beside the agreement, append-only, newest first; the latest meeting's next review is the next review.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/modules/aftercare/routes.js';
import { nextReview } from '../../src/modules/aftercare/service.js';
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
  const mobile = `+3161177${String(n).padStart(4, '0')}`;
  return (
    await w.call(agreements.createAgreement, {
      token: cm().token,
      params: { municipalityId: w.A.id },
      json: { templateVersionId, youngPerson: { name: `Sem Evaluatie ${n}`, dateOfBirth: '2008-03-02', mobile }, departureDate: daysFrom(today, 30), aftercareStartDate },
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
    json: { signers: [{ role: 'young-person' }, { role: 'municipality-officer', name: 'Officier', email: `officier.review${counter}@alpha.example` }] },
  });
  expect(res.json(200).status).toBe('sent');
  return a.id;
}
const record = (agreementId: string, json: Record<string, unknown>, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.recordReviewMeeting, { token, params: { municipalityId, agreementId }, json: json as never });
const list = (agreementId: string, query: { limit?: number; cursor?: string } = {}, token = cm().token) =>
  w.call(routes.listReviewMeetings, { token, params: { municipalityId: w.A.id, agreementId }, query });
const nextReviewOf = (agreementId: string) =>
  inAppTransaction(w.db, async (trx) => {
    await setContext(trx, { tenantId: w.A.id });
    return nextReview(trx, w.A.id, agreementId);
  });
const meeting = (heldOn: string, extra: Record<string, unknown> = {}) => ({ heldOn, participants: ['young-person', 'case-manager'], agreed: 'Over drie maanden kijken we of het werk bevalt.', ...extra });

describe('recording review meetings', () => {
  it("records (201) with who recorded it, lists newest first and pages; nextReview is the latest meeting's next review", async () => {
    const id = await sent();
    expect(await nextReviewOf(id)).toBeNull();
    const first = (await record(id, meeting(daysFrom(today, -20), { participants: ['provider', 'young-person', 'network'], nextReviewOn: daysFrom(today, 40) }))).json(201);
    expect(first).toMatchObject({
      agreementId: id,
      heldOn: daysFrom(today, -20),
      participants: ['young-person', 'network', 'provider'], // in the order of the vocabulary
      agreed: 'Over drie maanden kijken we of het werk bevalt.',
      nextReviewOn: daysFrom(today, 40),
      recordedBy: { id: cm().userId },
    });
    expect(first.recordedBy.name.length).toBeGreaterThan(0);
    expect(await nextReviewOf(id)).toBe(daysFrom(today, 40));
    (await record(id, meeting(daysFrom(today, -2), { nextReviewOn: daysFrom(today, 60) }))).json(201);
    (await record(id, meeting(daysFrom(today, -40)))).json(201);
    expect(await nextReviewOf(id)).toBe(daysFrom(today, 60));
    const later = (await record(id, meeting(daysFrom(today, -2)))).json(201);
    expect(later.nextReviewOn).toBeNull();
    expect(await nextReviewOf(id)).toBeNull(); // the latest meeting agreed none

    const all = (await list(id)).json(200);
    expect(all.items.map((m) => [m.heldOn, m.nextReviewOn])).toEqual([
      [daysFrom(today, -2), null], // same day: the one recorded last first
      [daysFrom(today, -2), daysFrom(today, 60)],
      [daysFrom(today, -20), daysFrom(today, 40)],
      [daysFrom(today, -40), null],
    ]);
    expect(all.items[0]?.id).toBe(later.id);
    expect(all.nextCursor).toBeNull();

    const p1 = (await list(id, { limit: 3 })).json(200);
    expect(p1.items).toHaveLength(3);
    expect(p1.nextCursor).toBe(all.items[2]?.id);
    const p2 = (await list(id, { limit: 3, cursor: p1.nextCursor as string })).json(200);
    expect(p2.items.map((m) => m.id)).toEqual([all.items[3]?.id]);
    expect(p2.nextCursor).toBeNull();
  });

  it('400 lists every problem of the body at once; nothing is recorded', async () => {
    const id = await sent();
    const bad = (await record(id, { heldOn: daysFrom(today, 2), participants: [], agreed: ' ', nextReviewOn: 'soon' })).json(400);
    expect(bad.invalidParams?.map((p: { name: string }) => p.name).sort()).toEqual(['body.agreed', 'body.heldOn', 'body.nextReviewOn', 'body.participants']);
    const worse = (await record(id, { heldOn: daysFrom(today, -3), participants: ['young-person', 'dog'], agreed: 'x'.repeat(4001), nextReviewOn: daysFrom(today, -3) })).json(400);
    expect(worse.invalidParams?.map((p: { name: string }) => p.name).sort()).toEqual(['body.agreed', 'body.nextReviewOn', 'body.participants.1']);
    const twice = (await record(id, meeting(today, { participants: ['network', 'network'] }))).json(400);
    expect(twice.invalidParams?.map((p: { name: string }) => p.name)).toEqual(['body.participants']);
    const future = (await record(id, meeting(daysFrom(today, 1)))).json(400);
    expect(future.invalidParams).toEqual([{ name: 'body.heldOn', reason: expect.stringContaining('future') }]);
    const early = (await record(id, meeting(daysFrom(aftercareStartDate, -400), { nextReviewOn: daysFrom(aftercareStartDate, -400) }))).json(400);
    expect(early.invalidParams).toEqual([
      { name: 'body.heldOn', reason: expect.stringContaining('a year before the aftercare start') },
      { name: 'body.nextReviewOn', reason: expect.stringContaining('after the day of the meeting') },
    ]);
    (await record(id, meeting(daysFrom(aftercareStartDate, -300)))).json(201);
    expect((await list(id)).json(200).items).toHaveLength(1);
  });

  it('a draft → 409; another municipality → 404; an analyst → 403', async () => {
    const d = await draft();
    expect((await record(d.id, meeting(today))).json(409).detail).toContain('draft');
    const id = await sent();
    expect((await record(id, meeting(today), w.B.people['case-manager'].token, w.B.id)).status).toBe(404);
    expect((await w.call(routes.listReviewMeetings, { token: w.B.people['case-manager'].token, params: { municipalityId: w.B.id, agreementId: id }, query: {} })).status).toBe(404);
    expect((await record(id, meeting(today), w.A.people.analyst.token)).status).toBe(403);
    expect((await list(id, {}, w.A.people.analyst.token)).status).toBe(403);
    expect((await list(id, {}, w.A.people.admin.token)).status).toBe(200);
  });

  it('the processing log has the recording (create) and each listing (read), about the agreement', async () => {
    const id = await sent();
    (await record(id, meeting(today))).json(201);
    (await list(id)).json(200);
    const log = (
      await sql<{ operation: string; action: string; status: string }>`
        select operation, action, status from processing_log where subject_id = ${id} and operation in ('recordReviewMeeting', 'listReviewMeetings') order by id`.execute(w.db)
    ).rows;
    expect(log).toEqual([
      { operation: 'recordReviewMeeting', action: 'create', status: expect.any(String) },
      { operation: 'listReviewMeetings', action: 'read', status: expect.any(String) },
    ]);
  });
});

describe('in the database', () => {
  it('append-only: the request role may not UPDATE or DELETE, and the trigger refuses the owner too', async () => {
    const id = await sent();
    (await record(id, meeting(today))).json(201);
    for (const statement of [sql`update review_meetings set agreed = 'iets anders'`, sql`delete from review_meetings`]) {
      await expect(
        inAppTransaction(w.db, async (trx) => {
          await setContext(trx, { tenantId: w.A.id });
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(sql`update review_meetings set agreed = 'iets anders'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from review_meetings`.execute(w.db)).rejects.toThrow(/append-only/);
  });

  it('the CHECKs: at least one known participant, the next review after the meeting', async () => {
    const id = await sent();
    const insert = (participants: string[], nextReviewOn: string | null) =>
      sql`insert into review_meetings (id, tenant_id, agreement_id, held_on, participants, agreed, next_review_on, recorded_by)
          values (gen_random_uuid(), ${w.A.id}, ${id}, ${today}, ${participants}::text[], 'Afgesproken.', ${nextReviewOn}::date, ${cm().userId})`.execute(w.db);
    await expect(insert([], null)).rejects.toThrow(/check constraint/);
    await expect(insert(['young-person', 'dog'], null)).rejects.toThrow(/check constraint/);
    await expect(insert(['young-person'], today)).rejects.toThrow(/check constraint/);
  });

  it("row-level security: a query without a tenant filter sees only its own tenant's review meetings, and cannot write into another", async () => {
    const id = await sent();
    (await record(id, meeting(today))).json(201);
    const seenFromB = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.B.id });
      return (await sql<{ n: number }>`select count(*)::int as n from review_meetings`.execute(trx)).rows[0]?.n;
    });
    expect(seenFromB).toBe(0);
    const seenFromA = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.A.id });
      return (await sql<{ tenant_id: string }>`select distinct tenant_id from review_meetings`.execute(trx)).rows;
    });
    expect(seenFromA).toEqual([{ tenant_id: w.A.id }]);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.B.id });
        await sql`insert into review_meetings (id, tenant_id, agreement_id, held_on, participants, agreed, recorded_by)
                  values (gen_random_uuid(), ${w.A.id}, ${id}, ${today}, ARRAY['young-person'], 'Afgesproken.', ${cm().userId})`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
