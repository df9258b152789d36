// Property: over generated caseloads (ages 15 to 24, every agreement status, contact moments of
// every kind, review meetings and the plan's review moments, the turning-18 checklist in the plan
// and recorded after it, the framework after 18, conditions kept and not kept, risk signals with
// and without actions, requests for help) and generated moments in time (any hour, so the
// Europe/Amsterdam day differs from the UTC day around midnight), with generated settings, every
// signal the database computes (aftercare_state kept by triggers, read by aftercare_signals)
// equals an independent computation written here from the rules in db/functions/12_aftercare.sql
// and REFERENCE.md. Nothing from the aftercare module is used to compute the expectation.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/platform/crypto.js';
import { inAppTransaction, setContext } from '../../src/platform/db/database.js';
import { jsonb } from '../../src/platform/db/jsonb.js';
import { adminOf, publishedTemplate } from '../support/agreements.js';
import { type World, createWorld } from '../support/world.js';

let w: World;
let templateVersionId: string;
beforeAll(async () => {
  w = await createWorld();
  ({ templateVersionId } = await publishedTemplate(w, adminOf(w.A)));
});
afterAll(async () => w?.close());

// ---- days, written out again (PostgreSQL's date + interval: the day clamped to the month's end) ----

const DAY = 86_400_000;
const parse = (d: string) => Date.parse(`${d}T00:00:00Z`);
const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (d: string, n: number) => fmt(parse(d) + n * DAY);
function plusMonths(d: string, months: number): string {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}
const amsterdamDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

// ---- the rules, written out again ----

const CHECKLIST = ['digid', 'health-insurance', 'allowances', 'bank-account', 'student-finance', 'house-seeker-registration', 'insurance', 'tax-return', 'child-support'];
const CHECKLIST_STATUSES = ['todo', 'in-progress', 'done', 'not-applicable'] as const;
const REACHED = new Set(['face-to-face', 'home-visit', 'phone', 'message']);
const CONTACT_KINDS = ['face-to-face', 'home-visit', 'phone', 'message', 'no-show', 'not-reachable'] as const;
const STATUSES = ['draft', 'sent', 'active', 'amending', 'amendment-sent', 'completed', 'ended', 'declined', 'cancelled', 'expired'] as const;
const IN_VIEW = new Set(['sent', 'active', 'amending', 'amendment-sent', 'declined', 'expired']);
const FRAMEWORKS = ['wmo', 'participatiewet', 'zvw', 'wlz', 'none'] as const;

interface Generated {
  bornOffset: number; // days before "base"
  status: (typeof STATUSES)[number];
  startOffset: number; // aftercare start, days from base
  departureAfterStart: number;
  updatedOffset: number; // minutes before now
  contacts: { day: number; kind: (typeof CONTACT_KINDS)[number] }[];
  meetings: { held: number; next: number | null }[];
  planReviews: { planned: number; held: boolean }[];
  planChecklist: { item: number; status: (typeof CHECKLIST_STATUSES)[number] }[];
  checklist: { item: number; status: (typeof CHECKLIST_STATUSES)[number]; day: number }[];
  frameworks: { framework: (typeof FRAMEWORKS)[number]; day: number }[];
  conditions: { ref: number; kept: boolean; day: number }[];
  risks: { day: number; withAction: boolean; laterAction: boolean }[];
  help: { minutesBefore: number }[];
}

const day = fc.integer({ min: -500, max: 30 }); // relative to today
const agreementArb: fc.Arbitrary<Generated> = fc.record({
  bornOffset: fc.integer({ min: 15 * 365, max: 24 * 365 }),
  status: fc.constantFrom(...STATUSES),
  startOffset: fc.integer({ min: -700, max: 60 }),
  departureAfterStart: fc.integer({ min: 0, max: 90 }),
  updatedOffset: fc.integer({ min: 0, max: 60 * 24 * 5 }),
  contacts: fc.array(fc.record({ day: fc.integer({ min: -400, max: 0 }), kind: fc.constantFrom(...CONTACT_KINDS) }), { maxLength: 5 }),
  meetings: fc.array(fc.record({ held: fc.integer({ min: -400, max: 0 }), next: fc.option(fc.integer({ min: 1, max: 200 }), { nil: null }) }), { maxLength: 3 }),
  planReviews: fc.array(fc.record({ planned: day, held: fc.boolean() }), { maxLength: 3 }),
  planChecklist: fc.array(fc.record({ item: fc.integer({ min: 0, max: 8 }), status: fc.constantFrom(...CHECKLIST_STATUSES) }), { maxLength: 9 }),
  checklist: fc.array(fc.record({ item: fc.integer({ min: 0, max: 8 }), status: fc.constantFrom(...CHECKLIST_STATUSES), day: fc.integer({ min: -300, max: 0 }) }), { maxLength: 12 }),
  frameworks: fc.array(fc.record({ framework: fc.constantFrom(...FRAMEWORKS), day: fc.integer({ min: -300, max: 0 }) }), { maxLength: 2 }),
  conditions: fc.array(fc.record({ ref: fc.integer({ min: 1, max: 3 }), kept: fc.boolean(), day: fc.integer({ min: -300, max: 0 }) }), { maxLength: 5 }),
  risks: fc.array(fc.record({ day: fc.integer({ min: -300, max: 0 }), withAction: fc.boolean(), laterAction: fc.boolean() }), { maxLength: 3 }),
  help: fc.array(fc.record({ minutesBefore: fc.integer({ min: 0, max: 60 * 24 * 90 }) }), { maxLength: 2 }),
});

type Expected = { agreementId: string; signal: string; since: string; detail: string | null };

/** The latest of a list by day, then by the order recorded (ids are UUIDv7, increasing). */
const latest = <T extends { day: string; seq: number }>(rows: T[]): T | undefined => [...rows].sort((a, b) => (a.day === b.day ? b.seq - a.seq : a.day < b.day ? 1 : -1))[0];

function expectedSignals(id: string, g: Generated & { born: string; start: string; departure: string; updatedAt: Date }, now: Date, settings: { noContactWeeks: number; endingWeeks: number }, rows: {
  contacts: { day: string; kind: string }[];
  meetings: { held: string; next: string | null; seq: number }[];
  planReviews: { planned: string; held: boolean }[];
  planChecklist: Map<string, string>;
  checklist: { item: string; status: string; day: string; seq: number }[];
  frameworks: { framework: string; day: string; seq: number }[];
  conditions: { ref: string; kept: boolean; day: string; seq: number }[];
  risks: { day: string; action: boolean }[];
  help: Date[];
}): Expected[] {
  const today = amsterdamDay(now);
  if (!IN_VIEW.has(g.status) || plusMonths(g.born, 23 * 12) <= today) return [];
  const out: Expected[] = [];
  const add = (signal: string, since: string | null, detail: string | null = null) => {
    if (since !== null) out.push({ agreementId: id, signal, since, detail });
  };
  const reached = rows.contacts.filter((c) => REACHED.has(c.kind)).map((c) => c.day).sort();
  const lastContact = reached.at(-1) ?? null;
  const nextReview = rows.meetings.length
    ? (latest(rows.meetings.map((m) => ({ ...m, day: m.held })))?.next ?? null)
    : (rows.planReviews.filter((r) => !r.held).map((r) => r.planned).sort()[0] ?? null);
  const checklistOpen = CHECKLIST.some((item) => {
    const recorded = latest(rows.checklist.filter((c) => c.item === item));
    const status = recorded?.status ?? rows.planChecklist.get(item) ?? 'todo';
    return status !== 'done' && status !== 'not-applicable';
  });
  const framework = latest(rows.frameworks)?.framework ?? null;
  const notKept = [...new Set(rows.conditions.map((c) => c.ref))]
    .map((ref) => latest(rows.conditions.filter((c) => c.ref === ref)))
    .filter((c) => c && !c.kept)
    .map((c) => c?.day as string)
    .sort();
  const riskOpen = rows.risks.filter((r) => !r.action).map((r) => r.day).sort();
  const helpOn = rows.help.map(amsterdamDay).sort().at(-1) ?? null;

  if (g.status === 'declined' || g.status === 'expired') add('signing-stuck', amsterdamDay(g.updatedAt), g.status);
  add('help-asked', helpOn !== null && (lastContact === null || lastContact < helpOn) ? helpOn : null);
  add('risk-without-action', riskOpen[0] ?? null);
  const base = lastContact ?? g.start;
  const noContactFrom = plusDays(base, 7 * settings.noContactWeeks);
  add('no-contact', noContactFrom <= today ? noContactFrom : null, lastContact);
  add('condition-not-kept', notKept[0] ?? null);
  add('review-overdue', nextReview !== null && nextReview < today ? nextReview : null);
  const handoverFrom = plusMonths(plusMonths(g.born, 18 * 12), -18);
  if (handoverFrom <= today && (checklistOpen || framework === null)) {
    add('turning-18', handoverFrom, [checklistOpen ? 'checklist' : '', framework === null ? 'framework' : ''].filter(Boolean).join(','));
  }
  const m3 = plusMonths(g.departure, 3);
  const m12 = plusMonths(g.departure, 12);
  const m18 = plusMonths(g.departure, 18);
  if (m12 <= today && m18 > today) add('follow-up-due', m12, '12');
  else if (m3 <= today && m12 > today) add('follow-up-due', m3, '3');
  const ends = plusMonths(g.born, 23 * 12);
  const endingFrom = plusDays(ends, -7 * settings.endingWeeks);
  add('aftercare-ending', endingFrom <= today ? endingFrom : null, ends);
  return out;
}

class Rollback extends Error {}

describe('the signals, as an independent computation says', () => {
  it('equal the database’s over generated caseloads, moments and settings', async () => {
    const cm = w.A.people['case-manager'].userId;
    await fc.assert(
      fc.asyncProperty(
        fc.array(agreementArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-12-31T23:59:59Z') }),
        fc.record({ noContactWeeks: fc.integer({ min: 1, max: 12 }), endingWeeks: fc.integer({ min: 1, max: 26 }) }),
        async (caseload, nowMs, settings) => {
          const now = new Date(nowMs);
          const today = amsterdamDay(now);
          const expected: Expected[] = [];
          let actual: Expected[] = [];
          await inAppTransaction(w.db, async (trx) => {
            await setContext(trx, { tenantId: w.A.id, userId: cm });
            await sql`insert into aftercare_settings (tenant_id, no_contact_weeks, ending_weeks) values (${w.A.id}, ${settings.noContactWeeks}, ${settings.endingWeeks})`.execute(trx);
            for (const g of caseload) {
              const id = uuidv7();
              const born = plusDays(today, -g.bornOffset);
              const start = plusDays(today, g.startOffset);
              const departure = plusDays(start, g.departureAfterStart);
              const updatedAt = new Date(nowMs - g.updatedOffset * 60_000);
              const planReviews = g.planReviews.map((r) => ({ planned: plusDays(today, r.planned), held: r.held }));
              const planChecklist = new Map<string, string>();
              for (const c of g.planChecklist) if (!planChecklist.has(CHECKLIST[c.item] as string)) planChecklist.set(CHECKLIST[c.item] as string, c.status);
              const plan = {
                goals: [], commitments: [], risks: [], network: [],
                conditions: [1, 2, 3].map((n) => ({ id: `00000000-0000-7000-8000-00000000000${n}`, help: 'h', dependsOn: 'd', ifNotKept: 'i', reviewOn: today })),
                checklist: [...planChecklist].map(([item, status]) => ({ item, status })),
                reviews: planReviews.map((r) => ({ plannedOn: r.planned, ...(r.held ? { heldOn: r.planned } : {}) })),
              };
              await sql`insert into agreements (tenant_id, id, template_version_id, status, young_person_name, young_person_birth_date, young_person_mobile,
                          case_manager_id, departure_date, aftercare_start_date, plan, created_at, updated_at)
                        values (${w.A.id}, ${id}, ${templateVersionId}, ${g.status}, 'Gegenereerd', ${born}, '+31600000000', ${cm}, ${departure}, ${start},
                                ${jsonb(plan)}, ${updatedAt}, ${updatedAt})`.execute(trx);
              const rows = {
                contacts: g.contacts.map((c) => ({ day: plusDays(today, c.day), kind: c.kind })),
                meetings: [] as { held: string; next: string | null; seq: number }[],
                planReviews,
                planChecklist,
                checklist: [] as { item: string; status: string; day: string; seq: number }[],
                frameworks: [] as { framework: string; day: string; seq: number }[],
                conditions: [] as { ref: string; kept: boolean; day: string; seq: number }[],
                risks: [] as { day: string; action: boolean }[],
                help: [] as Date[],
              };
              let seq = 0;
              for (const c of rows.contacts) {
                await sql`insert into contact_moments (id, tenant_id, agreement_id, occurred_on, kind, recorded_by) values (${uuidv7()}, ${w.A.id}, ${id}, ${c.day}, ${c.kind}, ${cm})`.execute(trx);
              }
              for (const m of g.meetings) {
                const held = plusDays(today, m.held);
                const next = m.next === null ? null : plusDays(held, m.next);
                rows.meetings.push({ held, next, seq: ++seq });
                await sql`insert into review_meetings (id, tenant_id, agreement_id, held_on, participants, agreed, next_review_on, recorded_by)
                          values (${uuidv7()}, ${w.A.id}, ${id}, ${held}, ${['case-manager']}, 'afgesproken', ${next}, ${cm})`.execute(trx);
              }
              const progress = (kind: string, fields: { item_ref?: string | null; occurred_on: string; status?: string | null; kept?: boolean | null; framework?: string | null; action?: string | null; note?: string | null; refers_to?: string | null }) => {
                const pid = uuidv7();
                return sql`insert into plan_progress (id, tenant_id, agreement_id, kind, item_ref, occurred_on, status, kept, framework, action, note, refers_to, recorded_by)
                           values (${pid}, ${w.A.id}, ${id}, ${kind}, ${fields.item_ref ?? null}, ${fields.occurred_on}, ${fields.status ?? null}, ${fields.kept ?? null},
                                   ${fields.framework ?? null}, ${fields.action ?? null}, ${fields.note ?? null}, ${fields.refers_to ?? null}, ${cm})`
                  .execute(trx)
                  .then(() => pid);
              };
              for (const c of g.checklist) {
                const entry = { item: CHECKLIST[c.item] as string, status: c.status, day: plusDays(today, c.day), seq: ++seq };
                rows.checklist.push(entry);
                await progress('checklist', { item_ref: entry.item, occurred_on: entry.day, status: entry.status });
              }
              for (const f of g.frameworks) {
                const entry = { framework: f.framework, day: plusDays(today, f.day), seq: ++seq };
                rows.frameworks.push(entry);
                await progress('framework', { occurred_on: entry.day, framework: entry.framework });
              }
              for (const c of g.conditions) {
                const entry = { ref: `00000000-0000-7000-8000-00000000000${c.ref}`, kept: c.kept, day: plusDays(today, c.day), seq: ++seq };
                rows.conditions.push(entry);
                await progress('condition', { item_ref: entry.ref, occurred_on: entry.day, kept: entry.kept, action: entry.kept ? null : 'het afgesproken gevolg' });
              }
              for (const r of g.risks) {
                const observed = plusDays(today, r.day);
                const rid = await progress('risk', { item_ref: '1', occurred_on: observed, note: 'gezien', action: r.withAction ? 'gebeld' : null });
                if (!r.withAction && r.laterAction) await progress('risk-action', { occurred_on: observed, action: 'later gebeld', refers_to: rid });
                rows.risks.push({ day: observed, action: r.withAction || r.laterAction });
              }
              if (g.help.length) {
                // A young person's note needs their signer (of a signed version).
                await sql`insert into agreement_versions (tenant_id, id, agreement_id, version, status, content, content_sha256, signed_at)
                          values (${w.A.id}, ${uuidv7()}, ${id}, 1, 'signed', '{}'::jsonb, ${'0'.repeat(64)}, ${now})`.execute(trx);
                const signer = uuidv7();
                await sql`insert into signers (tenant_id, id, agreement_id, version, role, name, mobile, channel, position, token_hash, expires_at, status)
                          values (${w.A.id}, ${signer}, ${id}, 1, 'young-person', 'Gegenereerd', '+31600000000', 'sms', 1, ${uuidv7()}, ${now}, 'signed')`.execute(trx);
                for (const h of g.help) {
                  const at = new Date(nowMs - h.minutesBefore * 60_000);
                  rows.help.push(at);
                  await sql`insert into young_person_notes (id, tenant_id, agreement_id, signer_id, kind, body, created_at)
                            values (${uuidv7()}, ${w.A.id}, ${id}, ${signer}, 'help', 'Ik wil hulp', ${at})`.execute(trx);
                }
              }
              expected.push(...expectedSignals(id, { ...g, born, start, departure, updatedAt }, now, settings, rows));
            }
            actual = (
              await sql<Expected>`select agreement_id as "agreementId", signal, since::text as since, nullif(detail, '') as detail from aftercare_signals(${now})`.execute(trx)
            ).rows;
            throw new Rollback();
          }).catch((error) => {
            if (!(error instanceof Rollback)) throw error;
          });
          const order = (a: Expected, b: Expected) => `${a.agreementId}${a.signal}`.localeCompare(`${b.agreementId}${b.signal}`);
          expect(actual.sort(order)).toEqual(expected.sort(order));
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);
});
