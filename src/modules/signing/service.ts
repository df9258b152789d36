// E-signing: who signs which version, in what order, and the audit trail. The server decides
// everything — the order, whether a code was verified, whether a link is still valid — and every
// step is an event in a hash chain: each event's hash covers the one before it.
import type { z } from '@hono/zod-openapi';
import { type UpdateObject, sql } from 'kysely';
import { newOneTimeToken } from '../../platform/auth/tokens.js';
import { sha256Hex, uuidv7 } from '../../platform/crypto.js';
import { type Tx, jsonb, setContext } from '../../platform/db/database.js';
import type { SignerRole, SigningEventType } from '../../domain/signing.js';
import type { DB, } from '../../platform/db/schema.generated.js';
import { ApiError, type InvalidParam, badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { enqueue } from '../../platform/outbox.js';
import { ageOn, canonicalJson, getAgreement, getVersion, versionRefused, versionSigned } from '../agreements/service.js';
import type { PdfService } from '../../platform/pdf-service.js';
import { sealAndStore } from './document.js';
import { sendSignedNotices } from './downloads.js';
import { sixDigits } from './one-time-code.js';
import { count, refuseWhenLocked } from './throttle.js';
import type { SendForSignature } from '../agreements/schemas.js';
import { todayInAmsterdam } from '../../platform/dates.js';


export const CODE_MINUTES = 10;
export const CODE_ATTEMPTS = 5;
export const CODES_PER_SIGNER = 8;
/** After a verified code the signer has this long to read and sign. */
export const VERIFIED_MINUTES = 30;
export const GENESIS_HASH = '0'.repeat(64);

/** The consent statement a signer ticks; its SHA-256 goes into the record of the signature. */
export const CONSENT_TEXT = {
  nl: 'Ik heb de afspraken gelezen. Ik begrijp ze en ik ga ermee akkoord. Ik weet dat mijn getypte naam telt als mijn handtekening.',
  en: 'I have read the agreements. I understand them and I agree. I know that my typed name counts as my signature.',
} as const;

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  now: Date;
}

// ---------------------------------------------------------------- the audit trail

/** The hash of an event: SHA-256 over the previous hash and the event's canonical content. */
export function eventHash(prevHash: string, e: { seq: number; type: string; signerId: string | null; occurredAt: string; ip: string | null; userAgent: string | null; data: unknown }): string {
  return sha256Hex(`${prevHash}\n${canonicalJson(e)}`);
}

export async function appendEvent(
  trx: Tx,
  tenantId: string,
  agreementId: string,
  version: number,
  type: SigningEventType,
  signerId: string | null,
  meta: RequestMeta,
  data: Record<string, unknown> = {},
) {
  const last = await trx
    .selectFrom('signing_events')
    .select(['seq', 'hash'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('version', '=', version)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const occurredAt = meta.now.toISOString();
  const userAgent = meta.userAgent?.slice(0, 300) ?? null;
  const hash = eventHash(prevHash, { seq, type, signerId, occurredAt, ip: meta.ip, userAgent, data });
  await trx
    .insertInto('signing_events')
    .values({
      tenant_id: tenantId,
      id: uuidv7(),
      agreement_id: agreementId,
      version,
      seq,
      signer_id: signerId,
      type,
      occurred_at: occurredAt,
      ip: meta.ip,
      user_agent: userAgent,
      data: jsonb(data),
      prev_hash: prevHash,
      hash,
    })
    .execute();
}

export async function auditTrail(trx: Tx, tenantId: string, agreementId: string, version: number) {
  await getVersion(trx, tenantId, agreementId, version);
  const rows = await trx
    .selectFrom('signing_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('version', '=', version)
    .orderBy('seq')
    .execute();
  let prev = GENESIS_HASH;
  let chainIntact = true;
  const items = rows.map((r) => {
    const e = { seq: r.seq, type: r.type, signerId: r.signer_id, occurredAt: new Date(r.occurred_at).toISOString(), ip: r.ip, userAgent: r.user_agent, data: r.data as Record<string, unknown> };
    if (r.prev_hash !== prev || eventHash(prev, e) !== r.hash) chainIntact = false;
    prev = r.hash;
    return { ...e, prevHash: r.prev_hash, hash: r.hash };
  });
  return { items, chainIntact };
}

// ---------------------------------------------------------------- starting a round

function linkOf(publicUrl: string, token: string) {
  return `${publicUrl}/sign?t=${token}`;
}

async function sendLink(trx: Tx, tenantId: string, signer: { name: string; channel: 'email' | 'sms'; email: string | null; mobile: string | null }, link: string, municipality: string, reminder = false) {
  const intro = reminder ? 'Herinnering: ' : '';
  await enqueue(trx, {
    tenantId,
    channel: signer.channel,
    recipient: (signer.channel === 'email' ? signer.email : signer.mobile) as string,
    subject: `${intro}Afspraken van ${municipality} ondertekenen / Sign your agreements`,
    body:
      signer.channel === 'sms'
        ? `${intro}Hoi ${signer.name}, je afspraken met ${municipality} staan klaar. Lees en onderteken ze hier: ${link}`
        : `${intro}Hallo ${signer.name},\n\nDe afspraken met ${municipality} staan klaar. Lees ze rustig en onderteken ze via deze link:\n${link}\n\nYour agreements with ${municipality} are ready. Read and sign them with the link above.`,
  });
}

type SignerRequest = z.output<typeof SendForSignature>;
type AgreementAsRead = Pick<Awaited<ReturnType<typeof getAgreement>>, 'youngPerson'>;

/** A signer as the round will hold them: every default filled in and every contact checked. */
export interface CheckedSigner {
  role: SignerRole;
  name: string;
  email: string | null;
  mobile: string | null;
  channel: 'email' | 'sms';
}

/**
 * Check the signers of a send before anything is written (a young person under 16 on the day
 * needs a legal representative; an officer of the municipality signs too; everyone needs a name
 * and an address for their channel). Fills in the young person's own details from the agreement
 * as read — the content about to be frozen. Throws the 400 problem; writes nothing.
 */
export function checkSigners(agreement: AgreementAsRead, input: SignerRequest, now: Date): CheckedSigner[] {
  const young = agreement.youngPerson;
  const problems: InvalidParam[] = [];
  const count = (role: SignerRole) => input.signers.filter((s) => s.role === role).length;
  if (count('young-person') !== 1) problems.push({ name: 'body.signers', reason: 'Exactly one signer is the young person.' });
  if (count('municipality-officer') < 1) problems.push({ name: 'body.signers', reason: 'An officer of the municipality signs too.' });
  const today = todayInAmsterdam(now);
  if (ageOn(young.dateOfBirth, today) < 16 && count('legal-representative') < 1) {
    problems.push({ name: 'body.signers', reason: 'The young person is under 16 today: a legal representative must sign too.' });
  }
  const signers = input.signers.map((s, i) => {
    const isYoung = s.role === 'young-person';
    const email = s.email ?? (isYoung ? young.email : null) ?? null;
    const mobile = s.mobile ?? (isYoung ? young.mobile : null) ?? null;
    const channel = s.channel ?? (mobile ? 'sms' : 'email');
    const name = s.name ?? (isYoung ? young.name : undefined);
    if (!name) problems.push({ name: `body.signers.${i}.name`, reason: 'A name is needed.' });
    if (channel === 'email' && !email) problems.push({ name: `body.signers.${i}.email`, reason: 'An e-mail address is needed for this channel.' });
    if (channel === 'sms' && !mobile) problems.push({ name: `body.signers.${i}.mobile`, reason: 'A mobile number is needed for this channel.' });
    return { role: s.role, name: name ?? '', email, mobile, channel };
  });
  if (problems.length) throw badRequest('The signers are not complete.', problems);
  return signers;
}

/**
 * Open the signing round of a version that was just frozen, for signers checked by
 * `checkSigners`: a link per signer, sent to all at once, or only to the first in sequential order.
 */
export async function openSigningRound(
  trx: Tx,
  tenantId: string,
  agreementId: string,
  version: number,
  round: { signers: CheckedSigner[]; order: SignerRequest['order'] },
  options: { publicUrl: string; linkDays: number; meta: RequestMeta },
) {
  // The links live as long as the municipality set (Instellingen → Algemeen); `linkDays` is the
  // installation's default (SIGNING_LINK_DAYS) for a municipality that never chose.
  // selectAll: the demo seed also runs on a schema from before migration 0025 (tests/platform/migrations-forward.test.ts).
  const tenant = await trx.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
  const municipality = tenant.name;
  const linkDays = tenant.signing_link_days ?? options.linkDays;
  const expiresAt = new Date(options.meta.now.getTime() + linkDays * 86_400_000);
  for (const [position, s] of round.signers.entries()) {
    const t = newOneTimeToken();
    const notify = round.order === 'parallel' || position === 0;
    const id = uuidv7();
    await trx
      .insertInto('signers')
      .values({
        tenant_id: tenantId,
        id,
        agreement_id: agreementId,
        version,
        role: s.role,
        name: s.name,
        email: s.email,
        mobile: s.mobile,
        channel: s.channel,
        position,
        token_hash: t.hash,
        expires_at: expiresAt,
        status: notify ? 'notified' : 'waiting',
        code_hash: null,
        code_expires_at: null,
        verified_at: null,
        signed_at: null,
        typed_name: null,
        drawn_signature: null,
        consent_sha256: null,
        decline_reason: null,
        last_reminded_at: null,
      })
      .execute();
    if (notify) {
      await sendLink(trx, tenantId, s, linkOf(options.publicUrl, t.token), municipality);
      await appendEvent(trx, tenantId, agreementId, version, 'sent', id, options.meta, { role: s.role, channel: s.channel });
    }
  }
}

export async function listSigners(trx: Tx, tenantId: string, agreementId: string, version: number) {
  await getVersion(trx, tenantId, agreementId, version);
  const rows = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).orderBy('position').execute();
  return rows.map((s) => ({
    id: s.id,
    role: s.role,
    name: s.name,
    channel: s.channel,
    position: s.position,
    status: s.status,
    expiresAt: iso(s.expires_at) as string,
    signedAt: iso(s.signed_at),
    declineReason: s.decline_reason,
  }));
}

/** Only a signer who still waits on their link can be reminded; the reminder job skips the others. */
export class NotRemindable extends ApiError {
  constructor(status: string) {
    super(409, 'invalid-transition', 'Conflict', `This signer is ${status}; only someone who has the link and has not signed yet can be reminded.`);
  }
}

/** A new link for a signer who lost theirs (the old one stops working). */
export async function remindSigner(trx: Tx, tenantId: string, agreementId: string, version: number, signerId: string, options: { publicUrl: string; meta: RequestMeta }) {
  const s = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).where('id', '=', signerId).executeTakeFirst();
  if (!s) throw notFound('signer');
  if (s.status !== 'notified') throw new NotRemindable(s.status);
  const t = newOneTimeToken();
  // Decided by the UPDATE: a signer who signed, declined or was cancelled since the read gets no new link.
  const reminded = await trx
    .updateTable('signers')
    .set({ token_hash: t.hash, last_reminded_at: options.meta.now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', s.id)
    .where('status', '=', 'notified')
    .returning('status')
    .executeTakeFirst();
  if (!reminded) throw new NotRemindable('no longer waiting on the link');
  const municipality = (await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name;
  await sendLink(trx, tenantId, s, linkOf(options.publicUrl, t.token), municipality, true);
  await appendEvent(trx, tenantId, agreementId, version, 'reminded', s.id, options.meta);
}

// ---------------------------------------------------------------- the signer's side

export type LinkProblem = 'unknown' | 'expired' | 'done' | 'closed';

export class LinkError extends ApiError {
  constructor(readonly problem: LinkProblem) {
    super(problem === 'unknown' ? 404 : 410, `link-${problem}`, 'Link not usable', `This signing link is ${problem}.`);
  }
}

/**
 * Resolve a signing link: find which tenant it belongs to (SECURITY DEFINER lookup by hash),
 * enter that tenant, lock the agreement (one signing step at a time), and load the signer.
 */
export async function openLink(trx: Tx, token: string, now: Date) {
  if (!/^[a-z2-7]{32}$/.test(token)) throw new LinkError('unknown');
  const { rows } = await sql<{ tenant_id: string; signer_id: string }>`select * from resolve_signer(${sha256Hex(token)})`.execute(trx);
  const found = rows[0];
  if (!found) throw new LinkError('unknown');
  await setContext(trx, { tenantId: found.tenant_id });
  const tenantId = found.tenant_id;
  // Lock first, then read the signer: a cancel, an end or the expiry job that committed while
  // this request waited for the lock has closed the signer by now, and this read sees it.
  await sql`select 1 from agreements where tenant_id = ${tenantId} and id = (select agreement_id from signers where tenant_id = ${tenantId} and id = ${found.signer_id}) for update`.execute(trx);
  const signer = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', found.signer_id).executeTakeFirstOrThrow();
  if (signer.status === 'signed' || signer.status === 'declined') return { tenantId, signer, problem: 'done' as LinkProblem };
  if (signer.status === 'cancelled' || signer.status === 'waiting') return { tenantId, signer, problem: 'closed' as LinkProblem };
  if (signer.status === 'expired' || new Date(signer.expires_at) <= now) return { tenantId, signer, problem: 'expired' as LinkProblem };
  return { tenantId, signer, problem: null };
}

type OpenSigner = Awaited<ReturnType<typeof openLink>>['signer'];

export function isVerified(signer: OpenSigner, now: Date): boolean {
  return signer.verified_at !== null && now.getTime() - new Date(signer.verified_at).getTime() < VERIFIED_MINUTES * 60_000;
}

const codeHash = (signerId: string, code: string) => sha256Hex(`${signerId}:${code}`);

export async function requestCode(trx: Tx, tenantId: string, signer: OpenSigner, meta: RequestMeta) {
  await refuseWhenLocked(trx, 'request', signer.id, meta.ip, meta.now);
  if (signer.codes_sent >= CODES_PER_SIGNER) {
    throw new ApiError(429, 'too-many-codes', 'Too many codes', 'Too many codes were asked for this link. Contact your case manager for a new link.');
  }
  await count(trx, 'request', signer.id, meta.ip, meta.now);
  const code = sixDigits();
  await trx
    .updateTable('signers')
    .set({ code_hash: codeHash(signer.id, code), code_expires_at: new Date(meta.now.getTime() + CODE_MINUTES * 60_000), code_attempts: 0, codes_sent: signer.codes_sent + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', signer.id)
    .execute();
  await enqueue(trx, {
    tenantId,
    channel: signer.channel,
    recipient: (signer.channel === 'email' ? signer.email : signer.mobile) as string,
    subject: 'Je code voor Vervolg / Your code',
    body: `Je code is ${code}. Hij werkt ${CODE_MINUTES} minuten. Geef hem aan niemand. / Your code is ${code}. It works for ${CODE_MINUTES} minutes.`,
  }, { immediately: true }); // the signer is waiting on the page for it
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'code-requested', signer.id, meta, { channel: signer.channel });
}

/**
 * Check a code. A wrong code counts; after CODE_ATTEMPTS the code is gone. A used code is gone
 * too, so replaying it fails. Returns false (and records the failure) rather than throwing, so
 * the failure is kept when the page answers.
 */
export async function verifyCode(trx: Tx, tenantId: string, signer: OpenSigner, code: string, meta: RequestMeta): Promise<boolean> {
  await refuseWhenLocked(trx, 'failure', signer.id, meta.ip, meta.now);
  const valid = signer.code_hash !== null && signer.code_expires_at !== null && new Date(signer.code_expires_at) > meta.now && signer.code_attempts < CODE_ATTEMPTS;
  if (valid && /^\d{6}$/.test(code) && codeHash(signer.id, code) === signer.code_hash) {
    await trx.updateTable('signers').set({ verified_at: meta.now, code_hash: null, code_expires_at: null }).where('tenant_id', '=', tenantId).where('id', '=', signer.id).execute();
    await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'code-verified', signer.id, meta);
    return true;
  }
  const attempts = signer.code_attempts + 1;
  await count(trx, 'failure', signer.id, meta.ip, meta.now);
  await trx
    .updateTable('signers')
    .set(attempts >= CODE_ATTEMPTS ? { code_attempts: attempts, code_hash: null, code_expires_at: null } : { code_attempts: attempts })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', signer.id)
    .execute();
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'code-failed', signer.id, meta, { attempt: attempts });
  return false;
}

export async function recordViewed(trx: Tx, tenantId: string, signer: OpenSigner, meta: RequestMeta) {
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'viewed', signer.id, meta);
}

export async function recordOpened(trx: Tx, tenantId: string, signer: OpenSigner, meta: RequestMeta) {
  const seen = await trx
    .selectFrom('signing_events')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('signer_id', '=', signer.id)
    .where('type', '=', 'opened')
    .executeTakeFirst();
  if (!seen) await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'opened', signer.id, meta);
}

async function notifyNext(trx: Tx, tenantId: string, signer: OpenSigner, options: { publicUrl: string; meta: RequestMeta }) {
  const next = await trx
    .selectFrom('signers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .where('version', '=', signer.version)
    .where('status', '=', 'waiting')
    .orderBy('position')
    .executeTakeFirst();
  if (!next) return;
  const t = newOneTimeToken();
  await trx.updateTable('signers').set({ status: 'notified', token_hash: t.hash }).where('tenant_id', '=', tenantId).where('id', '=', next.id).execute();
  const municipality = (await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name;
  await sendLink(trx, tenantId, next, linkOf(options.publicUrl, t.token), municipality);
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'sent', next.id, options.meta, { role: next.role, channel: next.channel });
}

const roundClosed = () => conflict('This signing round has ended: the agreement was cancelled, ended or has expired.', 'invalid-transition');

/**
 * The signer's own step (signing or declining), decided by the UPDATE: it only matches while the
 * signer still has the link open (notified), so a cancel or an expiry that got there first wins
 * and this step changes nothing.
 */
async function closeSigner(trx: Tx, tenantId: string, signer: OpenSigner, set: UpdateObject<DB, 'signers'>) {
  const result = await trx.updateTable('signers').set(set).where('tenant_id', '=', tenantId).where('id', '=', signer.id).where('status', '=', 'notified').executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw roundClosed();
}

export async function sign(
  trx: Tx,
  tenantId: string,
  signer: OpenSigner,
  input: { consent: boolean; typedName: string; locale: 'nl' | 'en'; drawnSignature?: string | undefined },
  options: { publicUrl: string; meta: RequestMeta; pdf: Pick<PdfService, 'agreementSealed'> },
) {
  const { meta } = options;
  if (!isVerified(signer, meta.now)) throw new ApiError(403, 'code-required', 'Code needed', 'Confirm with the code we sent you first.');
  const problems: InvalidParam[] = [];
  if (!input.consent) problems.push({ name: 'consent', reason: input.locale === 'nl' ? 'Zet een vinkje om akkoord te gaan.' : 'Tick the box to agree.' });
  const typed = input.typedName.trim();
  if (typed.length < 2 || typed.length > 200) problems.push({ name: 'typedName', reason: input.locale === 'nl' ? 'Typ je volledige naam.' : 'Type your full name.' });
  if (input.drawnSignature && !/^data:image\/png;base64,[A-Za-z0-9+/=]{20,200000}$/.test(input.drawnSignature)) {
    problems.push({ name: 'drawnSignature', reason: 'Not a PNG image.' });
  }
  if (problems.length) throw badRequest(input.locale === 'nl' ? 'Bijna klaar: kijk nog even naar de velden hieronder.' : 'Almost done: check the fields below.', problems);

  const consentSha256 = sha256Hex(CONSENT_TEXT[input.locale]);
  await closeSigner(trx, tenantId, signer, { status: 'signed', signed_at: meta.now, typed_name: typed, drawn_signature: input.drawnSignature ?? null, consent_sha256: consentSha256 });
  const version = await getVersion(trx, tenantId, signer.agreement_id, signer.version);
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'signed', signer.id, meta, { typedName: typed, consentSha256, contentSha256: version.contentSha256 });
  const open = await trx
    .selectFrom('signers')
    .select(['id', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .where('version', '=', signer.version)
    .where('status', 'in', ['waiting', 'notified'])
    .execute();
  if (open.some((s) => s.status === 'waiting') && !open.some((s) => s.status === 'notified')) {
    await notifyNext(trx, tenantId, signer, options);
    return { completed: false };
  }
  if (open.length > 0) return { completed: false };
  await versionSigned(trx, tenantId, signer.agreement_id, signer.version, meta.now);
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'completed', null, meta, { contentSha256: version.contentSha256 });
  // In the same transaction: a fully signed version always has its sealed document.
  await sealAndStore(trx, tenantId, signer.agreement_id, signer.version, options.pdf, meta.now, options.publicUrl);
  // Every signer hears that the document is ready, with a link that opens it only after a code.
  await sendSignedNotices(trx, tenantId, signer.agreement_id, signer.version, options.publicUrl);
  return { completed: true };
}

/** End every signer of a round who has not acted yet (their links stop working). Returns how many. */
export async function closeOpenSigners(trx: Tx, tenantId: string, agreementId: string, version: number, status: 'cancelled' | 'expired'): Promise<number> {
  const closed = await trx
    .updateTable('signers')
    .set({ status })
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('version', '=', version)
    .where('status', 'in', ['waiting', 'notified'])
    .executeTakeFirst();
  return Number(closed.numUpdatedRows);
}

export async function decline(trx: Tx, tenantId: string, signer: OpenSigner, reason: string, meta: RequestMeta) {
  if (!isVerified(signer, meta.now)) throw new ApiError(403, 'code-required', 'Code needed', 'Confirm with the code we sent you first.');
  const text = reason.trim().slice(0, 1000);
  if (text.length < 2) throw badRequest('Tell us why, in a few words.', [{ name: 'reason', reason: 'A reason is needed.' }]);
  await closeSigner(trx, tenantId, signer, { status: 'declined', decline_reason: text });
  if (!(await versionRefused(trx, tenantId, signer.agreement_id, signer.version, 'declined', meta.now))) throw roundClosed();
  await closeOpenSigners(trx, tenantId, signer.agreement_id, signer.version, 'cancelled');
  await appendEvent(trx, tenantId, signer.agreement_id, signer.version, 'declined', signer.id, meta, { reason: text });
}

/** Public verification: only the agreement version and when it was signed (SECURITY DEFINER lookup). */
export async function verifyDocument(trx: Tx, sha256: string) {
  const { rows } = await sql<{ agreement_id: string; version: number; signed_at: Date }>`select * from verify_document(${sha256})`.execute(trx);
  const row = rows[0];
  return row ? { agreementId: row.agreement_id, version: row.version, signedAt: new Date(row.signed_at).toISOString() } : null;
}

/**
 * Everything Vervolg holds about the young person in this agreement, for them to download in a
 * download session (after a fresh code): the agreement as it stands, every version sent, their
 * signatures, who else signed (their role, status and time only), the
 * signing events, and who processed the agreement (the processing log). PDFs are listed with the
 * address to download them (no token: the session cookie opens them).
 *
 * IP address and user agent appear only on the young person's own events: they are the young
 * person's own personal data (their right of access covers them) and the evidence of what they
 * did; the other signers' addresses and devices are those people's personal data and stay out,
 * as do those of events no signer caused (their request was another signer's).
 */
export async function exportForYoungPerson(trx: Tx, tenantId: string, signer: OpenSigner, publicUrl: string, now: Date) {
  if (signer.role !== 'young-person') throw new ApiError(403, 'forbidden', 'Not available', 'Only the young person can download their data.');
  const agreement = await getAgreement(trx, tenantId, signer.agreement_id);
  const versions = await trx.selectFrom('agreement_versions').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', signer.agreement_id).orderBy('version').execute();
  const allSigners = await trx
    .selectFrom('signers')
    .select(['id', 'version', 'position', 'role', 'status', 'signed_at', 'typed_name', 'consent_sha256', 'decline_reason'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('version')
    .orderBy('position')
    .execute();
  const own = new Set(allSigners.filter((x) => x.role === 'young-person').map((x) => x.id));
  const roleOf = new Map(allSigners.map((x) => [x.id, x.role]));
  const events = await trx
    .selectFrom('signing_events')
    .select(['version', 'seq', 'type', 'signer_id', 'occurred_at', 'ip', 'user_agent', 'hash'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('version')
    .orderBy('seq')
    .execute();
  const processing = await trx
    .selectFrom('processing_log')
    .select(['operation', 'action', 'actor_type', 'acting_for', 'occurred_at'])
    .where('tenant_id', '=', tenantId)
    .where('subject_type', '=', 'agreement')
    .where('subject_id', '=', signer.agreement_id)
    .orderBy('id')
    .execute();
  const documents = await trx.selectFrom('signed_documents').select(['version', 'sha256', 'signed_at']).where('tenant_id', '=', tenantId).where('agreement_id', '=', signer.agreement_id).orderBy('version').execute();
  // What was recorded beside the plan after signing, and what they wrote themselves. Who recorded
  // it (a staff member's name) stays out, as the other people's details do above.
  const contacts = await trx
    .selectFrom('contact_moments')
    .select([sql<string>`occurred_on::text`.as('occurred_on'), 'kind', 'note', 'recorded_at'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
  const reviews = await trx
    .selectFrom('review_meetings')
    .select([sql<string>`held_on::text`.as('held_on'), 'participants', 'agreed', sql<string | null>`next_review_on::text`.as('next_review_on'), 'recorded_at'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('held_on')
    .orderBy('id')
    .execute();
  const progress = await trx
    .selectFrom('plan_progress')
    .select(['kind', 'item_ref', sql<string>`occurred_on::text`.as('occurred_on'), 'status', 'kept', 'framework', 'action', 'note', 'recorded_at'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
  const notes = await trx
    .selectFrom('young_person_notes')
    .select(['kind', 'goal_ref', 'domain', 'body', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', signer.agreement_id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return {
    exportedAt: now.toISOString(),
    agreement,
    versions: versions.map((v) => ({ version: v.version, status: v.status, contentSha256: v.content_sha256, content: v.content, sentAt: iso(v.sent_at), signedAt: iso(v.signed_at) })),
    signatures: allSigners
      .filter((x) => own.has(x.id))
      .map((x) => ({ version: x.version, status: x.status, signedAt: iso(x.signed_at), typedName: x.typed_name, consentSha256: x.consent_sha256, declineReason: x.decline_reason })),
    signers: allSigners.map((x) => ({ version: x.version, role: x.role, you: own.has(x.id), status: x.status, signedAt: iso(x.signed_at) })),
    signingEvents: events.map((e) => {
      const yours = e.signer_id !== null && own.has(e.signer_id);
      return {
        version: e.version,
        seq: e.seq,
        type: e.type,
        occurredAt: iso(e.occurred_at),
        signerRole: e.signer_id ? (roleOf.get(e.signer_id) ?? null) : null,
        you: yours,
        ...(yours ? { ip: e.ip, userAgent: e.user_agent } : {}),
        hash: e.hash,
      };
    }),
    processingLog: processing.map((p) => ({ operation: p.operation, action: p.action, actorType: p.actor_type, actingFor: p.acting_for, occurredAt: iso(p.occurred_at) })),
    documents: documents.map((d) => ({ version: d.version, sha256: d.sha256, signedAt: iso(d.signed_at), download: `${publicUrl}/sign/document?version=${d.version}` })),
    contactMoments: contacts.map((m) => ({ occurredOn: m.occurred_on, kind: m.kind, note: m.note, recordedAt: iso(m.recorded_at) })),
    reviewMeetings: reviews.map((r) => ({ heldOn: r.held_on, participants: r.participants, agreed: r.agreed, nextReviewOn: r.next_review_on, recordedAt: iso(r.recorded_at) })),
    planProgress: progress.map((p) => ({ kind: p.kind, item: p.item_ref, occurredOn: p.occurred_on, status: p.status, kept: p.kept, framework: p.framework, action: p.action, note: p.note, recordedAt: iso(p.recorded_at) })),
    yourNotes: notes.map((n) => ({ kind: n.kind, goal: n.goal_ref, domain: n.domain, text: n.body, writtenAt: iso(n.created_at) })),
  };
}

/**
 * The agreement's open round ended from the municipality's side (cancelled, or ended while an
 * amendment was out): the links stop working and the trail says so.
 */
export async function closeOpenRound(trx: Tx, tenantId: string, agreementId: string, version: number, meta: RequestMeta) {
  if ((await closeOpenSigners(trx, tenantId, agreementId, version, 'cancelled')) > 0) await appendEvent(trx, tenantId, agreementId, version, 'cancelled', null, meta);
}

/** The sealed PDF of a fully signed version (what the API's getSignedDocument serves), for pages of other modules. */
export { signedDocument } from './document.js';

/**
 * What the young person's own page (module own-page) builds on: the same link, one-time code,
 * throttles and session as the downloads after signing — no second way in.
 */
export {
  DOWNLOAD_COOKIE,
  DOWNLOAD_SESSION_MINUTES,
  downloadCodeOut,
  downloadsFor,
  endDownloadSession,
  extendDownloadSession,
  freshAccessLink,
  openDownloadSession,
  requestDownloadCode,
  verifyDownloadCode,
} from './downloads.js';
export { CodeThrottled } from './throttle.js';
/** The plan as the young person reads it (the signing page's view), for their own page. */
export { AgreementView } from './agreement-view.js';
