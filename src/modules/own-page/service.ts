// The young person's own page (issue 13, part 3), and the staff side of it.
//
// Access is the signing module's, not a second login: a personal link (signer_access.link_hash,
// sent again from the staff app with sendOwnPageLink) opens nothing by itself; a one-time code
// sent to the address on file opens a short session (signer_access.session_*, an HttpOnly cookie
// for /sign), the same session the downloads use. The page then reads only the signer's own
// agreement: every query below names the session's tenant and the signer's agreement, and the
// database's row-level security holds the tenant.
//
// Who may have an own page: the young person of an agreement they signed (some version of it).
// What they read: the plan in force (else the version they signed), the latest progress per goal,
// the next review, their case manager (name only: the users table holds a sign-in address, not a
// published way to reach someone — the help form is the way to reach them), the informal contact
// person for practical matters, their own notes, the practical information of their municipality,
// their downloads and their own processing log.
import type { z } from '@hono/zod-openapi';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { type FrozenContent, planItemRef } from '../../domain/agreement.js';
import { PRACTICAL_INFO_DEFAULTS, PRACTICAL_TOPIC_CODES, PRACTICAL_TOPICS, type PracticalTopic } from '../../domain/practical-info.js';
import type { NoteKind } from '../../domain/young-person.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import type { Signers } from '../../platform/db/schema.generated.js';
import { dayInAmsterdam } from '../../platform/dates.js';
import { ApiError, badRequest, conflict } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { enqueue } from '../../platform/outbox.js';
import { nextReview } from '../aftercare/service.js';
import { getAgreement, getVersion } from '../agreements/service.js';

type AgreementT = Awaited<ReturnType<typeof getAgreement>>;
import { LinkError, downloadsFor, extendDownloadSession, freshAccessLink, openDownloadSession, openLink } from '../signing/service.js';
import type { HelpForm, PracticalInfo, PutPracticalInfo, YoungPersonNote } from './schemas.js';

type SignerRow = Selectable<Signers>;
export type YoungPersonNoteT = z.infer<typeof YoungPersonNote>;
export type PracticalInfoT = z.infer<typeof PracticalInfo>;

/** Notes and requests a young person may write in one day (Amsterdam) on one agreement: enough to speak, not to flood their case manager. */
export const NOTES_PER_DAY = 20;
/** A request for help is e-mailed to the case manager, unless one was e-mailed this recently (that mail already leads to all of them). */
export const HELP_MAIL_QUIET_MINUTES = 60;

// ---------------------------------------------------------------- access

/** The young-person signer who signed this agreement (the latest version they signed), or undefined. */
async function signedYoungPerson(trx: Tx, tenantId: string, agreementId: string): Promise<SignerRow | undefined> {
  return trx
    .selectFrom('signers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('role', '=', 'young-person')
    .where('status', '=', 'signed')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Whether this signer has an own page: the young person, on an agreement they signed. */
async function hasOwnPage(trx: Tx, tenantId: string, signer: SignerRow): Promise<boolean> {
  return signer.role === 'young-person' && (await signedYoungPerson(trx, tenantId, signer.agreement_id)) !== undefined;
}

/**
 * Send the young person a fresh link to their own page (the staff app's button, the API's
 * sendOwnPageLink): 409 unless they signed this agreement. The link goes to the address on file
 * (as they signed) through the outbox; the link sent before stops working.
 */
export async function sendOwnPageLink(trx: Tx, tenantId: string, agreementId: string, publicUrl: string, now: Date) {
  await getAgreement(trx, tenantId, agreementId);
  const signer = await signedYoungPerson(trx, tenantId, agreementId);
  if (!signer) throw conflict('The young person has not signed this agreement (yet): their own page opens once they have.', 'not-signed');
  const token = await freshAccessLink(trx, tenantId, signer.id, now);
  const municipality = (await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name;
  const link = `${publicUrl}/sign/my-page?t=${token}`;
  await enqueue(trx, {
    tenantId,
    channel: signer.channel,
    recipient: (signer.channel === 'email' ? signer.email : signer.mobile) as string,
    subject: `Je eigen pagina bij ${municipality} / Your own page`,
    body:
      signer.channel === 'sms'
        ? `Hoi ${signer.name}, hier is de link naar je eigen pagina bij ${municipality}: ${link} (je krijgt eerst een code). / Here is the link to your own page (you get a code first).`
        : `Hallo ${signer.name},\n\nHier is de link naar je eigen pagina bij ${municipality}. Je ziet er je afspraken, hoe het gaat met je doelen en wie je kunt vragen om hulp:\n${link}\nWe sturen je eerst een code. Zo kan alleen jij de pagina openen.\n\nHere is the link to your own page with ${municipality}: your agreements, how your goals are going and who to ask for help. We first send you a code, so only you can open it.`,
  });
  return { channel: signer.channel, sentAt: now.toISOString() };
}

export type OwnLink = { problem: null; tenantId: string; signer: SignerRow } | { problem: 'unknown' | 'no-own-page'; tenantId?: string; signer?: SignerRow };

/** A personal link as the own page reads it: whose it is, and whether it leads to an own page. */
export async function openOwnPageLink(trx: Tx, token: string, now: Date): Promise<OwnLink> {
  let opened: Awaited<ReturnType<typeof openLink>>;
  try {
    opened = await openLink(trx, token, now);
  } catch (error) {
    if (error instanceof LinkError) return { problem: 'unknown' };
    throw error;
  }
  if (!(await hasOwnPage(trx, opened.tenantId, opened.signer))) return { problem: 'no-own-page', tenantId: opened.tenantId, signer: opened.signer };
  return { problem: null, tenantId: opened.tenantId, signer: opened.signer };
}

/**
 * The young person of a live session (the session cookie), entering their municipality; the
 * session's end moves on (inactivity timeout). Null without a session, or for a signer who has no
 * own page (another signer's download session opens their downloads, never this page).
 */
export async function openOwnPageSession(trx: Tx, cookie: string | undefined, now: Date): Promise<{ tenantId: string; signer: SignerRow } | null> {
  const session = await openDownloadSession(trx, cookie, now);
  if (!session || !(await hasOwnPage(trx, session.tenantId, session.signer))) return null;
  await extendDownloadSession(trx, session.tenantId, session.signer.id, now);
  return session;
}

// ---------------------------------------------------------------- what the page shows

/** The plan the young person reads: the version in force, else the latest one they signed. */
export async function planInForce(trx: Tx, tenantId: string, agreement: AgreementT): Promise<{ version: number; content: FrozenContent }> {
  const version = agreement.inForceVersion ?? (await signedYoungPerson(trx, tenantId, agreement.id))?.version;
  if (version === undefined) throw new ApiError(404, 'not-found', 'Not found', 'agreement not found');
  return { version, content: (await getVersion(trx, tenantId, agreement.id, version)).content };
}

export interface GoalProgress {
  status: 'open' | 'in-progress' | 'achieved' | 'not-achieved';
  note: string | null;
  occurredOn: string;
}

/**
 * The latest progress of each goal of an agreement (plan_progress, kind 'goal'), by item_ref (the
 * goal's planItemRef). One function on purpose: the staff side of progress may replace it.
 */
export async function latestGoalProgress(trx: Tx, tenantId: string, agreementId: string): Promise<Map<string, GoalProgress>> {
  const rows = await trx
    .selectFrom('plan_progress')
    .distinctOn('item_ref')
    .select(['item_ref', 'status', 'note', sql<string>`occurred_on::text`.as('occurred_on')])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('kind', '=', 'goal')
    .orderBy('item_ref')
    .orderBy('occurred_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.item_ref as string, { status: r.status as GoalProgress['status'], note: r.note, occurredOn: r.occurred_on }]));
}

export interface OwnNote {
  id: string;
  kind: NoteKind;
  goalRef: string | null;
  domain: string | null;
  body: string;
  createdAt: string;
}

const toOwnNote = (r: { id: string; kind: string; goal_ref: string | null; domain: string | null; body: string; created_at: Date | string }): OwnNote => ({
  id: r.id,
  kind: r.kind as NoteKind,
  goalRef: r.goal_ref,
  domain: r.domain,
  body: r.body,
  createdAt: iso(r.created_at) as string,
});

const notesOf = (trx: Tx, tenantId: string, agreementId: string) =>
  trx.selectFrom('young_person_notes').select(['id', 'kind', 'goal_ref', 'domain', 'body', 'created_at']).where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId);

/** Everything the own page shows, for the signer of the session (their own agreement only). */
export async function ownPage(trx: Tx, tenantId: string, signer: SignerRow, now: Date) {
  const agreement = await getAgreement(trx, tenantId, signer.agreement_id);
  const { version, content } = await planInForce(trx, tenantId, agreement);
  const progress = await latestGoalProgress(trx, tenantId, agreement.id);
  const goals = content.plan.goals.map((g, i) => ({ ref: planItemRef(g, i), goal: g, progress: progress.get(planItemRef(g, i)) ?? null }));
  const today = dayInAmsterdam(now);
  // The next review agreed at the latest review meeting; before any, the first planned one still ahead.
  const next = (await nextReview(trx, tenantId, agreement.id)) ?? content.plan.reviews.map((r) => r.plannedOn).filter((d) => d >= today).sort()[0] ?? null;
  const manager = await trx.selectFrom('users').select('name').where('id', '=', agreement.caseManagerId).executeTakeFirst();
  const practical = content.plan.network.find((n) => n.practicalContact && n.kind === 'informal') ?? null;
  const notes = (await notesOf(trx, tenantId, agreement.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50).execute()).map(toOwnNote);
  const downloads = await downloadsFor(trx, tenantId, signer);
  return {
    agreementId: agreement.id,
    youngPersonName: content.youngPerson.name,
    version,
    content,
    goals,
    nextReview: next,
    caseManager: { name: manager?.name ?? content.caseManager.name },
    practicalContact: practical ? { name: practical.name, relation: practical.relation, phone: practical.phone ?? null, email: practical.email ?? null } : null,
    notes,
    downloads,
  };
}

// ---------------------------------------------------------------- their own voice

async function refuseFlood(trx: Tx, tenantId: string, agreementId: string, now: Date, field: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from young_person_notes
     where tenant_id = ${tenantId} and agreement_id = ${agreementId}
       and (created_at at time zone 'Europe/Amsterdam')::date = ${dayInAmsterdam(now)}::date`.execute(trx);
  if ((rows[0]?.n ?? 0) >= NOTES_PER_DAY) throw badRequest('Too many notes today.', [{ name: field, reason: 'too-many' }]);
}

/** A note on one of their goals (of the plan they read), or what they want to discuss at the next review. */
export async function addNote(trx: Tx, tenantId: string, signer: SignerRow, input: { kind: 'goal-note' | 'review-topic'; goalRef?: string; body: string }, now: Date): Promise<OwnNote> {
  const field = input.kind === 'goal-note' ? 'goalNote' : 'reviewTopic';
  if (input.kind === 'goal-note') {
    const agreement = await getAgreement(trx, tenantId, signer.agreement_id);
    const { content } = await planInForce(trx, tenantId, agreement);
    if (!content.plan.goals.some((g, i) => planItemRef(g, i) === input.goalRef)) throw badRequest('No such goal.', [{ name: 'goalRef', reason: 'unknown-goal' }]);
  }
  await refuseFlood(trx, tenantId, signer.agreement_id, now, field);
  const id = uuidv7();
  await trx
    .insertInto('young_person_notes')
    .values({ id, tenant_id: tenantId, agreement_id: signer.agreement_id, signer_id: signer.id, kind: input.kind, goal_ref: input.kind === 'goal-note' ? (input.goalRef as string) : null, domain: null, body: input.body, created_at: now })
    .execute();
  return toOwnNote((await notesOf(trx, tenantId, signer.agreement_id).where('id', '=', id).executeTakeFirstOrThrow()) as never);
}

/**
 * "I need help with …": stored (the caseload's signal reads it), and the case manager hears of it
 * by e-mail through the outbox — that a young person of theirs asked, with a link into the staff
 * app; no name, no text, nothing else about the young person in the mail.
 */
export async function askForHelp(trx: Tx, tenantId: string, signer: SignerRow, input: z.output<typeof HelpForm>, publicUrl: string, now: Date): Promise<OwnNote> {
  await refuseFlood(trx, tenantId, signer.agreement_id, now, 'helpBody');
  const since = new Date(now.getTime() - HELP_MAIL_QUIET_MINUTES * 60_000);
  const recent = await trx
    .selectFrom('young_person_notes')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .where('kind', '=', 'help')
    .where('created_at', '>', since)
    .executeTakeFirst();
  const id = uuidv7();
  await trx
    .insertInto('young_person_notes')
    .values({ id, tenant_id: tenantId, agreement_id: signer.agreement_id, signer_id: signer.id, kind: 'help', goal_ref: null, domain: input.domain ?? null, body: input.body, created_at: now })
    .execute();
  if (!recent) {
    const agreement = await getAgreement(trx, tenantId, signer.agreement_id);
    const manager = await trx.selectFrom('users').select('email').where('id', '=', agreement.caseManagerId).executeTakeFirst();
    if (manager) {
      const link = `${publicUrl}/app/municipalities/${tenantId}/agreements/${agreement.id}/notes`;
      await enqueue(trx, {
        tenantId,
        channel: 'email',
        recipient: manager.email,
        subject: 'Een jongere vraagt om hulp / A young person asks for help',
        body: `Een jongere uit uw caseload heeft op de eigen pagina om hulp gevraagd. Bekijk de vraag in Vervolg:\n${link}\n\nA young person on your caseload asked for help on their own page. See the request in Vervolg (link above).`,
      });
    }
  }
  return toOwnNote((await notesOf(trx, tenantId, signer.agreement_id).where('id', '=', id).executeTakeFirstOrThrow()) as never);
}

/** The young person's notes and requests for help on an agreement, newest first (staff), limit + 1 rows for toPage. */
export async function listYoungPersonNotes(trx: Tx, tenantId: string, agreementId: string, limit: number, cursor?: string): Promise<YoungPersonNoteT[]> {
  const agreement = await getAgreement(trx, tenantId, agreementId);
  let q = notesOf(trx, tenantId, agreementId).orderBy('id', 'desc').limit(limit + 1);
  if (cursor) {
    const after = await notesOf(trx, tenantId, agreementId).where('id', '=', cursor).executeTakeFirst();
    if (!after) throw new ApiError(400, 'invalid-input', 'Invalid input', 'The cursor is not a note of this agreement.', { invalidParams: [{ name: 'query.cursor', reason: 'Unknown note' }] });
    q = q.where('id', '<', cursor);
  }
  const rows = await q.execute();
  const goals = new Map<string, string>();
  if (rows.some((r) => r.goal_ref !== null)) {
    const signed = await planInForce(trx, tenantId, agreement).catch(() => null);
    for (const [i, g] of (signed?.content.plan.goals ?? []).entries()) goals.set(planItemRef(g, i), g.description);
  }
  return rows.map((r) => ({
    ...toOwnNote(r),
    agreementId,
    goalDescription: r.goal_ref ? (goals.get(r.goal_ref) ?? null) : null,
    domain: r.domain as YoungPersonNoteT['domain'],
  }));
}

/** For the agreement page: how many notes, how many requests for help, and when the latest came. */
export async function notesSummary(trx: Tx, tenantId: string, agreementId: string): Promise<{ notes: number; help: number; latestAt: string | null; signed: boolean }> {
  const row = await trx
    .selectFrom('young_person_notes')
    .select([sql<number>`count(*)::int`.as('notes'), sql<number>`count(*) filter (where kind = 'help')::int`.as('help'), sql<Date | null>`max(created_at)`.as('latest')])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .executeTakeFirst();
  const signed = (await signedYoungPerson(trx, tenantId, agreementId)) !== undefined;
  return { notes: row?.notes ?? 0, help: row?.help ?? 0, latestAt: iso(row?.latest ?? null), signed };
}

// ---------------------------------------------------------------- their own processing log

export type LogActor =
  | { kind: 'you' }
  | { kind: 'case-manager'; name: string }
  | { kind: 'staff' }
  | { kind: 'signer'; role: string }
  | { kind: 'connected-system' }
  | { kind: 'system' }
  | { kind: 'anonymous' };

/**
 * Who read or changed the young person's agreement, newest first (the processing log about it).
 * The young person sees who it was as far as they should: themselves; their case manager by name
 * (they know them); any other staff member as "a staff member of the municipality"; another signer
 * by their role; a connected system; Vervolg itself. Never another person's details.
 */
export async function ownProcessingLog(trx: Tx, tenantId: string, signer: SignerRow, limit = 200) {
  const agreement = await getAgreement(trx, tenantId, signer.agreement_id);
  const rows = await trx
    .selectFrom('processing_log')
    .select(['id', 'operation', 'action', 'status', 'actor_type', 'actor_id', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('subject_type', '=', 'agreement')
    .where('subject_id', '=', agreement.id)
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const signers = await trx.selectFrom('signers').select(['id', 'role']).where('tenant_id', '=', tenantId).where('agreement_id', '=', agreement.id).execute();
  const roleOf = new Map(signers.map((s) => [s.id, s.role]));
  const manager = await trx.selectFrom('users').select('name').where('id', '=', agreement.caseManagerId).executeTakeFirst();
  const actorOf = (r: (typeof rows)[number]): LogActor => {
    if (r.actor_type === 'signer') {
      const role = r.actor_id ? roleOf.get(r.actor_id) : undefined;
      return role === 'young-person' ? { kind: 'you' } : role ? { kind: 'signer', role } : { kind: 'anonymous' };
    }
    if (r.actor_type === 'user') return r.actor_id === agreement.caseManagerId && manager ? { kind: 'case-manager', name: manager.name } : { kind: 'staff' };
    if (r.actor_type === 'api-key') return { kind: 'connected-system' };
    if (r.actor_type === 'system') return { kind: 'system' };
    return { kind: 'anonymous' };
  };
  return {
    items: rows.slice(0, limit).map((r) => ({ operation: r.operation, action: r.action as 'create' | 'read' | 'update' | 'delete', refused: r.status === 'refused', at: iso(r.occurred_at) as string, actor: actorOf(r) })),
    more: rows.length > limit,
  };
}

// ---------------------------------------------------------------- practical information

async function rowsOf(trx: Tx, tenantId: string, topic?: PracticalTopic) {
  let q = trx.selectFrom('practical_info').select(['topic', 'lang', 'body', 'updated_at']).where('tenant_id', '=', tenantId);
  if (topic) q = q.where('topic', '=', topic);
  return q.execute();
}

function assemble(topic: PracticalTopic, rows: { topic: string; lang: string; body: string; updated_at: Date | string }[]): PracticalInfoT {
  const text = (lang: 'nl' | 'en') => {
    const own = rows.find((r) => r.topic === topic && r.lang === lang);
    return own ? { body: own.body, custom: true, updatedAt: iso(own.updated_at) } : { body: PRACTICAL_INFO_DEFAULTS[topic][lang], custom: false, updatedAt: null };
  };
  return { topic, title: { nl: PRACTICAL_TOPICS[topic].nl, en: PRACTICAL_TOPICS[topic].en }, nl: text('nl'), en: text('en') };
}

/** Every topic, in the page's order: the municipality's own text where it wrote one, else the default. */
export async function listPracticalInfo(trx: Tx, tenantId: string): Promise<PracticalInfoT[]> {
  const rows = await rowsOf(trx, tenantId);
  return PRACTICAL_TOPIC_CODES.map((topic) => assemble(topic, rows));
}

export async function getPracticalInfo(trx: Tx, tenantId: string, topic: PracticalTopic): Promise<PracticalInfoT> {
  return assemble(topic, await rowsOf(trx, tenantId, topic));
}

/** The municipality's own texts for a topic; a language left out (or null) goes back to the default. */
export async function putPracticalInfo(trx: Tx, tenantId: string, topic: PracticalTopic, input: z.output<typeof PutPracticalInfo>, userId: string, now: Date): Promise<PracticalInfoT> {
  for (const lang of ['nl', 'en'] as const) {
    const body = input[lang];
    if (body === undefined || body === null) {
      await trx.deleteFrom('practical_info').where('tenant_id', '=', tenantId).where('topic', '=', topic).where('lang', '=', lang).execute();
      continue;
    }
    await trx
      .insertInto('practical_info')
      .values({ tenant_id: tenantId, topic, lang, body, updated_by: userId, updated_at: now })
      .onConflict((oc) => oc.columns(['tenant_id', 'topic', 'lang']).doUpdateSet({ body, updated_by: userId, updated_at: now }))
      .execute();
  }
  return getPracticalInfo(trx, tenantId, topic);
}

/** Back to Vervolg's default texts for a topic (both languages). */
export async function resetPracticalInfo(trx: Tx, tenantId: string, topic: PracticalTopic): Promise<void> {
  await trx.deleteFrom('practical_info').where('tenant_id', '=', tenantId).where('topic', '=', topic).execute();
}
