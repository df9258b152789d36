// The living plan (issue 13): progress recorded through the API on the items of the plan in force,
// append-only, beside the signed agreement — each rule, every problem of a body in one 400, the
// 409s, isolation between municipalities, and the current state of each item computed from it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TURNING_18_CODES } from '../../src/domain/agreement.js';
import { computeLivingPlan } from '../../src/modules/aftercare/progress.js';
import { routes } from '../../src/modules/aftercare/routes.js';
import { routes as agreements } from '../../src/modules/agreements/routes.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { dayInAmsterdam } from '../../src/platform/dates.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { LIVING_PLAN, agreementInForce, draftWithPlan, sendIt, signIt } from '../support/living-plan.js';
import { raceOnRow } from '../support/races.js';
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

const inForce = () => agreementInForce(w, templateVersionId, { aftercareStartDate });
const record = (agreementId: string, json: Record<string, unknown>, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.recordPlanProgress, { token, params: { municipalityId, agreementId }, json: json as never });
const list = (agreementId: string, query: { limit?: number; cursor?: string; kind?: string } = {}, token = cm().token, municipalityId = w.A.id) =>
  w.call(routes.listPlanProgress, { token, params: { municipalityId, agreementId }, query: query as never });
const living = (agreementId: string, token = cm().token, municipalityId = w.A.id) => w.call(routes.getLivingPlan, { token, params: { municipalityId, agreementId } });
const names = (problem: { invalidParams?: { name: string }[] }) => (problem.invalidParams ?? []).map((p) => p.name).sort();

describe('recording progress on the plan in force', () => {
  it('records every kind (201) with who recorded it; lists newest first, by kind, and pages', async () => {
    const a = await inForce();
    const [goal] = a.plan.goals;
    const [commitment] = a.plan.commitments;
    const [condition] = a.plan.conditions;
    const [risk] = a.plan.risks;
    expect(goal?.id).toMatch(/^[0-9a-f-]{36}$/);
    const g = (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, -9), goalId: goal?.id, status: 'achieved', note: 'Sleutel van de kamer gekregen.' })).json(201);
    expect(g).toMatchObject({ agreementId: a.id, kind: 'goal', itemRef: goal?.id, status: 'achieved', note: 'Sleutel van de kamer gekregen.', kept: null, framework: null, recordedBy: { id: cm().userId } });
    const c = (await record(a.id, { kind: 'commitment', occurredOn: daysFrom(today, -8), itemId: commitment?.id, kept: true })).json(201);
    expect(c).toMatchObject({ kind: 'commitment', kept: true, action: null });
    const notKept = (await record(a.id, { kind: 'condition', occurredOn: daysFrom(today, -7), itemId: condition?.id, kept: false, action: 'Samen besproken wat nodig is; afspraak verzet naar dinsdag.' })).json(201);
    expect(notKept).toMatchObject({ kind: 'condition', kept: false, action: 'Samen besproken wat nodig is; afspraak verzet naar dinsdag.' });
    const signal = (await record(a.id, { kind: 'risk', occurredOn: daysFrom(today, -6), riskId: risk?.id, observed: 'Drie aanmaningen ongeopend.' })).json(201);
    expect(signal).toMatchObject({ kind: 'risk', observed: 'Drie aanmaningen ongeopend.', action: null, note: null });
    const followed = (await record(a.id, { kind: 'risk-action', occurredOn: daysFrom(today, -5), refersTo: signal.id, action: 'Schuldhulp ingeschakeld.' })).json(201);
    expect(followed).toMatchObject({ kind: 'risk-action', refersTo: signal.id, itemRef: null, action: 'Schuldhulp ingeschakeld.' });
    (await record(a.id, { kind: 'checklist', occurredOn: daysFrom(today, -4), item: 'health-insurance', status: 'done' })).json(201);
    const fw = (await record(a.id, { kind: 'framework', occurredOn: daysFrom(today, -3), framework: 'wmo', note: 'Warme overdracht naar het Wmo-team.' })).json(201);
    expect(fw).toMatchObject({ kind: 'framework', framework: 'wmo', itemRef: null });

    const all = (await list(a.id)).json(200);
    expect(all.items.map((e) => e.kind)).toEqual(['framework', 'checklist', 'risk-action', 'risk', 'condition', 'commitment', 'goal']);
    expect((await list(a.id, { kind: 'risk' })).json(200).items.map((e) => e.id)).toEqual([signal.id]);
    const p1 = (await list(a.id, { limit: 4 })).json(200);
    expect(p1.items).toHaveLength(4);
    const p2 = (await list(a.id, { limit: 4, cursor: p1.nextCursor as string })).json(200);
    expect([...p1.items, ...p2.items].map((e) => e.id)).toEqual(all.items.map((e) => e.id));
    expect(p2.nextCursor).toBeNull();
    expect((await list(a.id, { kind: 'nonsense' })).status).toBe(400);
  });

  it('one 400 lists schema, day and reference problems together; nothing is recorded', async () => {
    const a = await inForce();
    // Schema (status), day (future) and reference (unknown goal): three fields, one answer.
    const bad = (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, 3), goalId: 'no-such-goal', status: 'finished' })).json(400);
    expect(names(bad)).toEqual(['body.goalId', 'body.occurredOn', 'body.status']);
    expect(bad.invalidParams?.find((p) => p.name === 'body.goalId')?.reason).toContain('no goal no-such-goal');
    expect(bad.invalidParams?.find((p) => p.name === 'body.occurredOn')?.reason).toContain('future');
    // A body its schema accepts still has its day and references checked in one answer.
    const refs = (await record(a.id, { kind: 'commitment', occurredOn: daysFrom(aftercareStartDate, -400), itemId: a.plan.goals[0]?.id, kept: true })).json(400);
    expect(refs.invalidParams).toEqual([
      { name: 'body.occurredOn', reason: expect.stringContaining('a year before the aftercare start') },
      { name: 'body.itemId', reason: expect.stringContaining('no commitment') },
    ]);
    // Not kept needs the action; a risk needs what was observed; an unknown kind is named.
    expect(names((await record(a.id, { kind: 'condition', occurredOn: today, itemId: a.plan.conditions[0]?.id, kept: false })).json(400))).toEqual(['body.action']);
    expect(names((await record(a.id, { kind: 'risk', occurredOn: today, riskId: 'x', observed: '' })).json(400))).toEqual(['body.observed', 'body.riskId']);
    expect(names((await record(a.id, { kind: 'wish', occurredOn: daysFrom(today, 1) })).json(400))).toEqual(['body.kind', 'body.occurredOn']);
    expect(names((await record(a.id, { kind: 'checklist', occurredOn: today, item: 'passport', status: 'done' })).json(400))).toEqual(['body.item']);
    expect(names((await record(a.id, { kind: 'framework', occurredOn: today, framework: 'jeugdwet' })).json(400))).toEqual(['body.framework']);
    // A risk-action on something that is no risk signal of this agreement.
    const unknown = (await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', action: 'Gebeld.' })).json(400);
    expect(unknown.invalidParams).toEqual([{ name: 'body.refersTo', reason: expect.stringContaining('Not a risk signal') }]);
    expect((await list(a.id)).json(200).items).toEqual([]);
  });

  it('a risk-action: not before its signal; 409 when the signal has its action already', async () => {
    const a = await inForce();
    const riskId = a.plan.risks[0]?.id;
    const withAction = (await record(a.id, { kind: 'risk', occurredOn: daysFrom(today, -3), riskId, observed: 'Huur niet betaald.', action: 'Betalingsregeling getroffen.' })).json(201);
    expect((await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: withAction.id, action: 'Nog iets.' })).json(409).detail).toContain('already has its action');
    const bare = (await record(a.id, { kind: 'risk', occurredOn: daysFrom(today, -3), riskId, observed: 'Niet op school.' })).json(201);
    expect((await record(a.id, { kind: 'risk-action', occurredOn: daysFrom(today, -4), refersTo: bare.id, action: 'Gebeld.' })).json(400).invalidParams).toEqual([
      { name: 'body.occurredOn', reason: expect.stringContaining('before the day the signal was observed') },
    ]);
    (await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: bare.id, action: 'Met school gebeld.' })).json(201);
    expect((await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: bare.id, action: 'Nog een keer.' })).status).toBe(409);
    // Two actions on one signal at once, each having read the signal before the other wrote (on
    // PostgreSQL the agreement's row is held, so each insert waits on its foreign key): one is
    // recorded, the other refused.
    const raced = (await record(a.id, { kind: 'risk', occurredOn: today, riskId, observed: 'Telefoon gaat niet meer aan.' })).json(201);
    const both = await raceOnRow(w, { table: 'agreements', id: a.id }, [0, 1].map((n) => () => record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: raced.id, action: `Langs geweest (${n}).` })));
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    expect((await list(a.id, { kind: 'risk-action' })).json(200).items.filter((e) => e.refersTo === raced.id)).toHaveLength(1);
    // A risk-action is no signal: another risk-action cannot refer to it.
    const actions = (await list(a.id, { kind: 'risk-action' })).json(200).items;
    expect((await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: actions[0]?.id, action: 'x' })).status).toBe(400);
  });

  it('409 without a plan in force (a draft, sent but not signed); items are those of the version in force, through an amendment', async () => {
    const draft = await draftWithPlan(w, templateVersionId, { aftercareStartDate });
    const goalId = draft.plan.goals[0]?.id;
    expect((await record(draft.id, { kind: 'goal', occurredOn: today, goalId, status: 'achieved' })).json(409).type).toContain('no-plan-in-force');
    expect((await living(draft.id)).status).toBe(409);
    const sent = await sendIt(w, draft.id, draft.revision);
    expect(sent.status).toBe('sent');
    expect((await record(draft.id, { kind: 'goal', occurredOn: today, goalId, status: 'achieved' })).status).toBe(409);
    await signIt(w, draft.id, 1);
    (await record(draft.id, { kind: 'goal', occurredOn: daysFrom(today, -1), goalId, status: 'achieved' })).json(201);

    // An amendment adds a goal: it is no item of the plan in force until signed; the kept ids keep their progress.
    let a = (await w.call(agreements.getAgreement, { token: cm().token, params: { municipalityId: w.A.id, agreementId: draft.id } })).json(200);
    const amending = (await w.call(agreements.amend, { token: cm().token, params: { municipalityId: w.A.id, agreementId: draft.id }, headers: { 'If-Match': `"r${a.revision}"` } })).json(200);
    const plan = { ...amending.plan, goals: [...amending.plan.goals, { domain: 'health', term: 'short', description: 'Elke week sporten', targetDate: '2027-05-01' }] };
    const edited = (await w.call(agreements.updateAgreement, { token: cm().token, params: { municipalityId: w.A.id, agreementId: draft.id }, headers: { 'If-Match': `"r${amending.revision}"` }, json: { plan } })).json(200);
    const newGoal = edited.plan.goals[2]?.id;
    expect(edited.plan.goals[0]?.id).toBe(goalId);
    expect((await record(draft.id, { kind: 'goal', occurredOn: today, goalId: newGoal, status: 'in-progress' })).json(400).invalidParams?.[0]?.name).toBe('body.goalId');
    // While amending, the signed version stays in force: progress goes on.
    expect((await living(draft.id)).json(200).goals).toHaveLength(2);
    await sendIt(w, draft.id, edited.revision);
    await signIt(w, draft.id, 2);
    (await record(draft.id, { kind: 'goal', occurredOn: today, goalId: newGoal, status: 'in-progress' })).json(201);
    const lp = (await living(draft.id)).json(200);
    expect(lp.version).toBe(2);
    expect(lp.goals.map((g) => [g.ref, g.status])).toEqual([
      [goalId, 'achieved'],
      [edited.plan.goals[1]?.id, 'open'],
      [newGoal, 'in-progress'],
    ]);
    a = (await w.call(agreements.getAgreement, { token: cm().token, params: { municipalityId: w.A.id, agreementId: draft.id } })).json(200);
    expect(a.status).toBe('active');
  });

  it('isolation: municipality B cannot record or read A’s progress (404); an analyst 403; the admin may', async () => {
    const a = await inForce();
    const goalId = a.plan.goals[0]?.id;
    (await record(a.id, { kind: 'goal', occurredOn: today, goalId, status: 'in-progress' })).json(201);
    const b = w.B.people['case-manager'];
    expect((await record(a.id, { kind: 'goal', occurredOn: today, goalId, status: 'achieved' }, b.token, w.B.id)).status).toBe(404);
    expect((await list(a.id, {}, b.token, w.B.id)).status).toBe(404);
    expect((await living(a.id, b.token, w.B.id)).status).toBe(404);
    // A's path with B's token: not a member of A, so as if A did not exist.
    expect((await list(a.id, {}, b.token)).status).toBe(404);
    expect((await record(a.id, { kind: 'goal', occurredOn: today, goalId, status: 'achieved' }, w.A.people.analyst.token)).status).toBe(403);
    expect((await living(a.id, w.A.people.analyst.token)).status).toBe(403);
    expect((await living(a.id, w.A.people.admin.token)).status).toBe(200);
    expect((await list(a.id)).json(200).items).toHaveLength(1);
  });

  it('the processing log has the recording (create) and each read (read), about the agreement', async () => {
    const a = await inForce();
    (await record(a.id, { kind: 'framework', occurredOn: today, framework: 'none' })).json(201);
    (await list(a.id)).json(200);
    (await living(a.id)).json(200);
    const log = (
      await sql<{ operation: string; action: string }>`
        select operation, action from processing_log where subject_id = ${a.id} and operation in ('recordPlanProgress', 'listPlanProgress', 'getLivingPlan') order by id`.execute(w.db)
    ).rows;
    expect(log).toEqual([
      { operation: 'recordPlanProgress', action: 'create' },
      { operation: 'listPlanProgress', action: 'read' },
      { operation: 'getLivingPlan', action: 'read' },
    ]);
  });
});

describe('the living plan', () => {
  it('each item’s state is its latest entry (by day, then by when recorded); the checklist and the risks', async () => {
    const a = await inForce();
    const [g1, g2] = a.plan.goals;
    const lp0 = (await living(a.id)).json(200);
    // Nothing recorded: the plan's own states; the checklist from the plan (DigiD arranged), the rest to do.
    expect(lp0.goals.map((g) => [g.status, g.since])).toEqual([
      ['in-progress', null],
      ['open', null],
    ]);
    expect(lp0.commitments.map((c) => c.kept)).toEqual([null, null]);
    expect(lp0.checklist.items).toHaveLength(TURNING_18_CODES.length);
    expect(lp0.checklist.items.find((i) => i.item === 'digid')).toMatchObject({ status: 'done', since: null });
    expect(lp0.checklist.complete).toBe(false);
    expect(lp0.framework).toBeNull();

    (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, -2), goalId: g1?.id, status: 'achieved', note: 'Kamer gevonden.' })).json(201);
    // Recorded later but about an earlier day: not the current state.
    (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, -5), goalId: g1?.id, status: 'not-achieved' })).json(201);
    (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, -1), goalId: g2?.id, status: 'in-progress' })).json(201);
    // Same day: the one recorded last wins.
    (await record(a.id, { kind: 'goal', occurredOn: daysFrom(today, -1), goalId: g2?.id, status: 'not-achieved', note: 'Gestopt met de opleiding.' })).json(201);
    (await record(a.id, { kind: 'commitment', occurredOn: daysFrom(today, -3), itemId: a.plan.commitments[0]?.id, kept: false, action: 'Gesprek gevoerd; nieuwe afspraak gemaakt.' })).json(201);
    (await record(a.id, { kind: 'commitment', occurredOn: daysFrom(today, -1), itemId: a.plan.commitments[0]?.id, kept: true })).json(201);
    (await record(a.id, { kind: 'condition', occurredOn: daysFrom(today, -1), itemId: a.plan.conditions[0]?.id, kept: false, action: 'Hulp tijdelijk aangepast, zoals afgesproken.' })).json(201);
    const s1 = (await record(a.id, { kind: 'risk', occurredOn: daysFrom(today, -4), riskId: a.plan.risks[0]?.id, observed: 'Aanmaning energie.' })).json(201);
    const s2 = (await record(a.id, { kind: 'risk', occurredOn: daysFrom(today, -2), riskId: a.plan.risks[0]?.id, observed: 'Post ongeopend.', action: 'Samen de post doorgenomen.' })).json(201);
    (await record(a.id, { kind: 'framework', occurredOn: daysFrom(today, -3), framework: 'wmo' })).json(201);
    (await record(a.id, { kind: 'framework', occurredOn: daysFrom(today, -1), framework: 'participatiewet', note: 'Uitkering aangevraagd.' })).json(201);

    let lp = (await living(a.id)).json(200);
    expect(lp.goals.map((g) => [g.ref, g.status, g.note, g.since])).toEqual([
      [g1?.id, 'achieved', 'Kamer gevonden.', daysFrom(today, -2)],
      [g2?.id, 'not-achieved', 'Gestopt met de opleiding.', daysFrom(today, -1)],
    ]);
    expect(lp.commitments[0]).toMatchObject({ kept: true, action: null, since: daysFrom(today, -1) });
    expect(lp.commitments[1]).toMatchObject({ kept: null });
    expect(lp.conditions[0]).toMatchObject({ kept: false, action: 'Hulp tijdelijk aangepast, zoals afgesproken.' });
    expect(lp.risks[0]?.signals.map((s) => [s.id, s.action])).toEqual([
      [s2.id, 'Samen de post doorgenomen.'],
      [s1.id, null],
    ]);
    expect(lp.risks[0]?.withoutAction).toBe(1);
    expect(lp.framework).toEqual({ framework: 'participatiewet', note: 'Uitkering aangevraagd.', since: daysFrom(today, -1) });

    // The action taken later clears the risk without an action.
    (await record(a.id, { kind: 'risk-action', occurredOn: today, refersTo: s1.id, action: 'Betalingsregeling met de energieleverancier.' })).json(201);
    // Every checklist item done or not needed: complete.
    for (const [i, item] of TURNING_18_CODES.entries()) {
      (await record(a.id, { kind: 'checklist', occurredOn: daysFrom(today, -1), item, status: i % 3 === 0 ? 'not-applicable' : 'done' })).json(201);
    }
    lp = (await living(a.id)).json(200);
    expect(lp.risks[0]?.withoutAction).toBe(0);
    expect(lp.risks[0]?.signals.find((s) => s.id === s1.id)).toMatchObject({ action: 'Betalingsregeling met de energieleverancier.', actionOn: today });
    expect(lp.checklist.complete).toBe(true);
    // One item back to in progress: not complete any more.
    (await record(a.id, { kind: 'checklist', occurredOn: today, item: 'tax-return', status: 'in-progress', note: 'Aangifte samen invullen.' })).json(201);
    lp = (await living(a.id)).json(200);
    expect(lp.checklist.complete).toBe(false);
    expect(lp.checklist.items.find((i) => i.item === 'tax-return')).toMatchObject({ status: 'in-progress', note: 'Aangifte samen invullen.', since: today });
  });

  it('a plan frozen before items had ids: items are referred to by position; entries about items no longer in the plan are left out', () => {
    const plan = { ...LIVING_PLAN, goals: LIVING_PLAN.goals.map((g) => ({ ...g, status: (g.status ?? 'open') as 'open' })), network: [], reviews: [], checklist: [{ item: 'digid' as const, status: 'done' as const }] } as never;
    const fact = (id: string, kind: string, rest: Record<string, unknown>) =>
      ({ id, kind, itemRef: null, occurredOn: '2026-11-10', status: null, kept: null, framework: null, observed: null, action: null, note: null, refersTo: null, ...rest }) as never;
    const lp = computeLivingPlan('0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11', 1, plan, [
      fact('01', 'goal', { itemRef: '2', status: 'achieved' }),
      fact('02', 'goal', { itemRef: '7', status: 'achieved' }),
      fact('03', 'risk', { itemRef: '1', observed: 'Post ongeopend' }),
      fact('04', 'checklist', { itemRef: 'digid', status: 'todo', note: 'Code kwijt' }),
    ]);
    expect(lp.goals.map((g) => [g.ref, g.status])).toEqual([
      ['1', 'in-progress'],
      ['2', 'achieved'],
    ]);
    expect(lp.risks[0]).toMatchObject({ ref: '1', withoutAction: 1 });
    expect(lp.checklist.items.find((i) => i.item === 'digid')).toMatchObject({ status: 'todo', note: 'Code kwijt' });
  });
});

describe('in the database', () => {
  it('append-only: the request role may not UPDATE or DELETE plan_progress, and the trigger refuses the owner too', async () => {
    const a = await inForce();
    (await record(a.id, { kind: 'framework', occurredOn: today, framework: 'zvw' })).json(201);
    for (const statement of [sql`update plan_progress set framework = 'wlz'`, sql`delete from plan_progress`]) {
      await expect(
        inAppTransaction(w.db, async (trx) => {
          await setContext(trx, { tenantId: w.A.id });
          await statement.execute(trx);
        }),
      ).rejects.toThrow(/permission denied/);
    }
    await expect(sql`update plan_progress set framework = 'wlz'`.execute(w.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from plan_progress`.execute(w.db)).rejects.toThrow(/append-only/);
  });

  it("row-level security: another tenant sees none of A's progress and cannot write into A", async () => {
    const a = await inForce();
    (await record(a.id, { kind: 'framework', occurredOn: today, framework: 'wmo' })).json(201);
    const seenFromB = await inAppTransaction(w.db, async (trx) => {
      await setContext(trx, { tenantId: w.B.id });
      return (await sql<{ n: number }>`select count(*)::int as n from plan_progress`.execute(trx)).rows[0]?.n;
    });
    expect(seenFromB).toBe(0);
    await expect(
      inAppTransaction(w.db, async (trx) => {
        await setContext(trx, { tenantId: w.B.id });
        await sql`insert into plan_progress (id, tenant_id, agreement_id, kind, occurred_on, framework, recorded_by)
                  values (gen_random_uuid(), ${w.A.id}, ${a.id}, 'framework', ${today}, 'wmo', ${cm().userId})`.execute(trx);
      }),
    ).rejects.toThrow(/row-level security/);
  });
});
