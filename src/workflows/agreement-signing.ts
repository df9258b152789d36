// The agreement's lifecycle where it meets signing: each client action is one function that takes
// the request's transaction and calls each module's service in order. The agreements module
// knows nothing of signing; the signing module may read agreements (and tells them when a round
// is signed, declined or expired). Routes call these; they run no SQL of their own.
import type { z } from '@hono/zod-openapi';
import type { Tx } from '../platform/db/database.js';
import type { EndAgreement, SendForSignature } from '../modules/agreements/schemas.js';
import * as agreements from '../modules/agreements/service.js';
import * as signing from '../modules/signing/service.js';

/** A client's change: the ETag it read (If-Match) and what the signing trail records of the request. */
export interface ClientChange {
  ifMatch: string | undefined;
  meta: signing.RequestMeta;
}

/**
 * Send for signature: check everything a send can be refused for first — If-Match, status, and
 * the signers (roles, names, addresses, a legal representative under 16) — then freeze the
 * version and open its signing round. A refused send writes nothing, so it stays refused even
 * in a transaction that is kept (a page that answers with the problem, a job).
 */
export async function sendForSigning(
  trx: Tx,
  tenantId: string,
  agreementId: string,
  input: z.output<typeof SendForSignature>,
  change: ClientChange,
  /** linkDays: the installation's default; the municipality's own setting wins (openSigningRound). */
  links: { publicUrl: string; linkDays: number },
) {
  const agreement = await agreements.getAgreement(trx, tenantId, agreementId);
  agreements.checkAction(agreement, 'send', change.ifMatch);
  const signers = signing.checkSigners(agreement, input, change.meta.now);
  const sent = await agreements.sendAgreement(trx, tenantId, agreement, change.ifMatch, change.meta.now);
  await signing.openSigningRound(trx, tenantId, agreementId, sent.version, { signers, order: input.order }, { ...links, meta: change.meta });
  return sent.agreement;
}

/** A round the agreement closed (cancel, end): its signers' links stop working and the trail says so. */
async function closeRound(trx: Tx, tenantId: string, agreementId: string, closedRound: number | null, meta: signing.RequestMeta) {
  if (closedRound !== null) await signing.closeOpenRound(trx, tenantId, agreementId, closedRound, meta);
}

/** Cancel a draft or an agreement out for signature, or drop an amendment; stops any round out. */
export async function cancelAgreement(trx: Tx, tenantId: string, agreementId: string, note: string | undefined, change: ClientChange) {
  const { agreement, closedRound } = await agreements.cancelAgreement(trx, tenantId, agreementId, note, change.ifMatch, change.meta.now);
  await closeRound(trx, tenantId, agreementId, closedRound, change.meta);
  return agreement;
}

/** End the agreement early; an amendment out for signature stops with it. */
export async function endAgreement(trx: Tx, tenantId: string, agreementId: string, input: z.output<typeof EndAgreement>, change: ClientChange) {
  const { agreement, closedRound } = await agreements.endAgreement(trx, tenantId, agreementId, input, change.ifMatch, change.meta.now);
  await closeRound(trx, tenantId, agreementId, closedRound, change.meta);
  return agreement;
}
