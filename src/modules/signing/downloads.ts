// After signing: a signer's link is a pointer, not a key. A link that is used (signed, declined)
// or expired opens nothing personal by itself. To download the sealed PDF (and, for the young
// person, all their data) the signer asks for a fresh one-time code, sent to the phone or e-mail
// address on file (never shown, never typed in); the code opens a short download session held in
// an HttpOnly cookie (no secret in a URL), which ends after DOWNLOAD_SESSION_MINUTES.
//
// When the last signer signs, every signer gets a message with a fresh link to that same page
// (sendSignedNotices): the first link's token is stored only hashed, so a new one is made.
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { newOneTimeToken } from '../../platform/auth/tokens.js';
import { sha256Hex } from '../../platform/crypto.js';
import { type Tx, setContext } from '../../platform/db/database.js';
import type { Signers } from '../../platform/db/schema.generated.js';
import { enqueue } from '../../platform/outbox.js';
import { sixDigits } from './one-time-code.js';
import { count, refuseWhenLocked } from './throttle.js';

export const DOWNLOAD_CODE_MINUTES = 10;
export const DOWNLOAD_CODE_ATTEMPTS = 5;
/** Long enough to tap two download buttons on a slow phone; short enough that a borrowed phone does not keep it. */
export const DOWNLOAD_SESSION_MINUTES = 15;
export const DOWNLOAD_COOKIE = 'vervolg_download';

type SignerRow = Selectable<Signers>;

interface Meta {
  ip: string | null;
  now: Date;
}

export interface DownloadOffer {
  /** Versions whose sealed PDF this signer may download. */
  versions: number[];
  /** The young person may download everything Vervolg holds about them in this agreement. */
  exportData: boolean;
}

/**
 * What a signer may download. Every signer who signed: the sealed PDF of the version they signed.
 * The young person (unless their turn never came): the sealed PDFs of every version of their
 * agreement and their data export.
 */
export async function downloadsFor(trx: Tx, tenantId: string, signer: SignerRow): Promise<DownloadOffer> {
  const young = signer.role === 'young-person' && signer.status !== 'waiting';
  if (!young && signer.status !== 'signed') return { versions: [], exportData: false };
  let query = trx.selectFrom('signed_documents').select('version').where('tenant_id', '=', tenantId).where('agreement_id', '=', signer.agreement_id);
  if (!young) query = query.where('version', '=', signer.version);
  const versions = (await query.orderBy('version').execute()).map((d) => d.version);
  return { versions, exportData: young };
}

export const hasDownloads = (offer: DownloadOffer) => offer.versions.length > 0 || offer.exportData;

const codeHash = (signerId: string, code: string) => sha256Hex(`download:${signerId}:${code}`);

async function saveAccess(trx: Tx, tenantId: string, signerId: string, values: Partial<{ link_hash: string; code_hash: string | null; code_expires_at: Date | null; code_attempts: number; session_hash: string | null; session_expires_at: Date | null }>, now: Date) {
  await trx
    .insertInto('signer_access')
    .values({ tenant_id: tenantId, signer_id: signerId, ...values, updated_at: now })
    .onConflict((oc) => oc.columns(['tenant_id', 'signer_id']).doUpdateSet({ ...values, updated_at: now }))
    .execute();
}

async function accessOf(trx: Tx, tenantId: string, signerId: string) {
  return trx.selectFrom('signer_access').selectAll().where('tenant_id', '=', tenantId).where('signer_id', '=', signerId).executeTakeFirst();
}

/** Whether a download code is out and still usable (the page then shows the field for it). */
export async function downloadCodeOut(trx: Tx, tenantId: string, signerId: string, now: Date): Promise<boolean> {
  const a = await accessOf(trx, tenantId, signerId);
  return !!a?.code_hash && !!a.code_expires_at && new Date(a.code_expires_at) > now && a.code_attempts < DOWNLOAD_CODE_ATTEMPTS;
}

/**
 * Send a download code to the address on file, at once (the signer waits for it on the page).
 * The same code opens the young person's own page (`purpose: 'own-page'`): one code, one session,
 * the same throttles; only the message says what it is for.
 */
export async function requestDownloadCode(trx: Tx, tenantId: string, signer: SignerRow, meta: Meta, purpose: 'download' | 'own-page' = 'download'): Promise<void> {
  await refuseWhenLocked(trx, 'request', signer.id, meta.ip, meta.now);
  await count(trx, 'request', signer.id, meta.ip, meta.now);
  const code = sixDigits();
  await saveAccess(trx, tenantId, signer.id, { code_hash: codeHash(signer.id, code), code_expires_at: new Date(meta.now.getTime() + DOWNLOAD_CODE_MINUTES * 60_000), code_attempts: 0 }, meta.now);
  const message =
    purpose === 'own-page'
      ? {
          subject: 'Je code voor je eigen pagina / Your code for your own page',
          body: `Je code voor je eigen pagina is ${code}. Hij werkt ${DOWNLOAD_CODE_MINUTES} minuten. Geef hem aan niemand. / Your code for your own page is ${code}. It works for ${DOWNLOAD_CODE_MINUTES} minutes.`,
        }
      : {
          subject: 'Je code om je afspraken te downloaden / Your download code',
          body: `Je code om je afspraken te downloaden is ${code}. Hij werkt ${DOWNLOAD_CODE_MINUTES} minuten. Geef hem aan niemand. / Your code to download your agreements is ${code}. It works for ${DOWNLOAD_CODE_MINUTES} minutes.`,
        };
  await enqueue(trx, { tenantId, channel: signer.channel, recipient: (signer.channel === 'email' ? signer.email : signer.mobile) as string, ...message }, { immediately: true });
}

/**
 * Check a download code; the right one opens a download session and returns its token (for the
 * cookie). A wrong one counts (per code, per signer, per address) and returns null.
 */
export async function verifyDownloadCode(trx: Tx, tenantId: string, signer: SignerRow, code: string, meta: Meta): Promise<string | null> {
  await refuseWhenLocked(trx, 'failure', signer.id, meta.ip, meta.now);
  const a = await accessOf(trx, tenantId, signer.id);
  const usable = !!a?.code_hash && !!a.code_expires_at && new Date(a.code_expires_at) > meta.now && a.code_attempts < DOWNLOAD_CODE_ATTEMPTS;
  if (a && usable && /^\d{6}$/.test(code) && codeHash(signer.id, code) === a.code_hash) return startDownloadSession(trx, tenantId, signer.id, meta.now);
  await count(trx, 'failure', signer.id, meta.ip, meta.now);
  if (a) {
    const attempts = a.code_attempts + 1;
    await saveAccess(trx, tenantId, signer.id, attempts >= DOWNLOAD_CODE_ATTEMPTS ? { code_attempts: attempts, code_hash: null, code_expires_at: null } : { code_attempts: attempts }, meta.now);
  }
  return null;
}

/**
 * Open a download session for a signer who has just proved it is them (a download code, or the
 * signing code they confirmed minutes ago when they sign). The code is used up.
 */
export async function startDownloadSession(trx: Tx, tenantId: string, signerId: string, now: Date): Promise<string> {
  const t = newOneTimeToken();
  await saveAccess(trx, tenantId, signerId, { session_hash: t.hash, session_expires_at: new Date(now.getTime() + DOWNLOAD_SESSION_MINUTES * 60_000), code_hash: null, code_expires_at: null, code_attempts: 0 }, now);
  return t.token;
}

/**
 * The session stays open while it is used: each page of the young person's own page moves its
 * end to DOWNLOAD_SESSION_MINUTES from now (an inactivity timeout, as the staff sessions have),
 * so a note being typed is not lost, and a borrowed phone left alone still closes it.
 */
export async function extendDownloadSession(trx: Tx, tenantId: string, signerId: string, now: Date): Promise<void> {
  await trx
    .updateTable('signer_access')
    .set({ session_expires_at: new Date(now.getTime() + DOWNLOAD_SESSION_MINUTES * 60_000), updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('signer_id', '=', signerId)
    .where('session_hash', 'is not', null)
    .execute();
}

/** End the signer's session (they signed out): the cookie opens nothing any more. */
export async function endDownloadSession(trx: Tx, tenantId: string, signerId: string, now: Date): Promise<void> {
  await saveAccess(trx, tenantId, signerId, { session_hash: null, session_expires_at: null }, now);
}

/**
 * A fresh personal link for a signer (to the page where a code opens their downloads or, for the
 * young person, their own page). Only its hash is stored; the one sent before stops working.
 */
export async function freshAccessLink(trx: Tx, tenantId: string, signerId: string, now: Date): Promise<string> {
  const t = newOneTimeToken();
  await saveAccess(trx, tenantId, signerId, { link_hash: t.hash }, now);
  return t.token;
}

/** The signer of a live download session (entering their municipality), or null. */
export async function openDownloadSession(trx: Tx, token: string | undefined, now: Date): Promise<{ tenantId: string; signer: SignerRow } | null> {
  if (!token || !/^[a-z2-7]{32}$/.test(token)) return null;
  const { rows } = await sql<{ tenant_id: string; signer_id: string; expires_at: Date | null }>`select * from resolve_signer_session(${sha256Hex(token)})`.execute(trx);
  const found = rows[0];
  if (!found?.expires_at || new Date(found.expires_at) <= now) return null;
  await setContext(trx, { tenantId: found.tenant_id });
  const signer = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', found.tenant_id).where('id', '=', found.signer_id).executeTakeFirstOrThrow();
  return { tenantId: found.tenant_id, signer };
}

/**
 * Everyone has signed: each signer gets a message (on the channel on file, Dutch and English,
 * plain words) with a fresh link to the page where a code opens the download.
 */
export async function sendSignedNotices(trx: Tx, tenantId: string, agreementId: string, version: number, publicUrl: string): Promise<void> {
  const municipality = (await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow()).name;
  const signers = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).where('status', '=', 'signed').orderBy('position').execute();
  for (const s of signers) {
    const t = newOneTimeToken();
    await saveAccess(trx, tenantId, s.id, { link_hash: t.hash }, new Date());
    const link = `${publicUrl}/sign?t=${t.token}`;
    await enqueue(trx, {
      tenantId,
      channel: s.channel,
      recipient: (s.channel === 'email' ? s.email : s.mobile) as string,
      subject: `De afspraken met ${municipality} zijn ondertekend / The agreements are signed`,
      body:
        s.channel === 'sms'
          ? `Hoi ${s.name}, iedereen heeft de afspraken met ${municipality} ondertekend. Ze gelden nu. Download ze hier: ${link} (je krijgt eerst een code). / Everyone has signed. Download the agreements with this link (you get a code first).`
          : `Hallo ${s.name},\n\nIedereen heeft de afspraken met ${municipality} ondertekend. Ze gelden nu.\nJe kunt ze downloaden via deze link:\n${link}\nWe sturen je dan eerst een code. Zo kan alleen jij ze openen.\n\nEveryone has signed the agreements with ${municipality}. They now apply.\nYou can download them with the link above. We first send you a code, so only you can open them.`,
    });
  }
}
