// One agreement's life as its page shows it: the agreement, its versions, the signers of the
// latest round and how far each has come (read from the signing trail), and each version's trail
// as a timeline with the hash chain checked event by event. Composes the agreements and signing
// services; runs no SQL of its own.
import type { Tx } from '../../platform/db/database.js';
import { getAgreement, listVersions } from '../agreements/service.js';
import { getMember } from '../identity/service.js';
import { GENESIS_HASH, auditTrail, eventHash, listSigners } from '../signing/service.js';

/** Where a signer stands, as the case manager follows it. */
export type SignerProgress = 'waiting' | 'invited' | 'opened' | 'verified' | 'signed' | 'declined' | 'expired' | 'cancelled';

export interface RoundSigner {
  id: string;
  role: string;
  name: string;
  channel: 'email' | 'sms';
  position: number;
  progress: SignerProgress;
  /** When the last link went out (first send or a reminder), if one did. */
  lastSentAt: string | null;
  openedAt: string | null;
  verifiedAt: string | null;
  signedAt: string | null;
  declineReason: string | null;
  expiresAt: string;
  /** A new link can be sent (the signer has a link and has not acted yet). */
  remindable: boolean;
}

export interface Round {
  version: number;
  status: string;
  sentAt: string;
  order: 'parallel' | 'sequential';
  signers: RoundSigner[];
  /** Someone may still act: the page keeps following it. */
  open: boolean;
}

async function roundOf(trx: Tx, tenantId: string, agreementId: string, version: { version: number; status: string; sentAt: string }): Promise<Round> {
  const signers = await listSigners(trx, tenantId, agreementId, version.version);
  const trail = await auditTrail(trx, tenantId, agreementId, version.version);
  const eventsOf = (id: string) => trail.items.filter((e) => e.signerId === id);
  const lastOf = (id: string, types: string[]) => eventsOf(id).filter((e) => types.includes(e.type)).at(-1)?.occurredAt ?? null;
  const rows = signers.map((s): RoundSigner => {
    const openedAt = lastOf(s.id, ['opened']);
    const verifiedAt = lastOf(s.id, ['code-verified']);
    let progress: SignerProgress;
    if (s.status === 'notified') progress = verifiedAt ? 'verified' : openedAt ? 'opened' : 'invited';
    else if (s.status === 'waiting') progress = 'waiting';
    else progress = s.status;
    return {
      id: s.id,
      role: s.role,
      name: s.name,
      channel: s.channel,
      position: s.position,
      progress,
      lastSentAt: lastOf(s.id, ['sent', 'reminded']),
      openedAt,
      verifiedAt,
      signedAt: s.signedAt,
      declineReason: s.declineReason,
      expiresAt: s.expiresAt,
      remindable: s.status === 'notified',
    };
  });
  // Sequential when someone still waits for their turn, or when the links went out one by one.
  const sentTimes = new Set(trail.items.filter((e) => e.type === 'sent').map((e) => e.occurredAt));
  const order = rows.some((r) => r.progress === 'waiting') || (rows.length > 1 && sentTimes.size > 1) ? 'sequential' : 'parallel';
  return { version: version.version, status: version.status, sentAt: version.sentAt, order, signers: rows, open: rows.some((r) => r.progress !== 'signed' && r.progress !== 'declined' && r.progress !== 'expired' && r.progress !== 'cancelled') && version.status === 'sent' };
}

/** Everything the agreement's page shows: the agreement, its case manager, its versions and the latest round. */
export async function agreementOverview(trx: Tx, tenantId: string, agreementId: string) {
  const agreement = await getAgreement(trx, tenantId, agreementId);
  const versions = await listVersions(trx, tenantId, agreementId);
  const caseManager = await getMember(trx, tenantId, agreement.caseManagerId).catch(() => null);
  const latest = versions.at(-1);
  const round = latest ? await roundOf(trx, tenantId, agreementId, latest) : null;
  return {
    agreement,
    caseManagerName: caseManager?.name ?? null,
    versions: versions.map((v) => ({ version: v.version, status: v.status, sentAt: v.sentAt, signedAt: v.signedAt, closedAt: v.closedAt, contentSha256: v.contentSha256 })),
    round,
  };
}

/** The signer of the agreement's latest round, for a reminder: its version (404 when there is no such signer). */
export async function roundVersionOf(trx: Tx, tenantId: string, agreementId: string): Promise<number | null> {
  const versions = await listVersions(trx, tenantId, agreementId);
  return versions.at(-1)?.version ?? null;
}

/** A member's name and e-mail address (who signs for the municipality by default). */
export async function memberContact(trx: Tx, tenantId: string, userId: string) {
  const m = await getMember(trx, tenantId, userId).catch(() => null);
  return m ? { name: m.name, email: m.email } : null;
}

export interface TimelineEvent {
  seq: number;
  type: string;
  occurredAt: string;
  signer: { name: string; role: string; channel: string } | null;
  channel: string | null;
  data: Record<string, unknown>;
}

export interface VersionTimeline {
  version: number;
  status: string;
  sentAt: string;
  contentSha256: string;
  events: TimelineEvent[];
  /** The hash chain recomputed: intact, or the first event (seq) where it breaks. */
  chain: { intact: boolean; checked: number; brokenAt: number | null };
}

/** Each version's signing trail as a timeline, oldest version first, with the chain checked event by event. */
export async function agreementTimeline(trx: Tx, tenantId: string, agreementId: string) {
  const agreement = await getAgreement(trx, tenantId, agreementId);
  const versions = await listVersions(trx, tenantId, agreementId);
  const timelines: VersionTimeline[] = [];
  for (const v of versions) {
    const signers = new Map((await listSigners(trx, tenantId, agreementId, v.version)).map((s) => [s.id, s]));
    const trail = await auditTrail(trx, tenantId, agreementId, v.version);
    let prev = GENESIS_HASH;
    let brokenAt: number | null = null;
    for (const e of trail.items) {
      const { prevHash, hash, ...content } = e;
      if (brokenAt === null && (prevHash !== prev || eventHash(prev, content) !== hash)) brokenAt = e.seq;
      prev = hash;
    }
    timelines.push({
      version: v.version,
      status: v.status,
      sentAt: v.sentAt,
      contentSha256: v.contentSha256,
      events: trail.items.map((e) => {
        const s = e.signerId ? signers.get(e.signerId) : undefined;
        const channel = typeof e.data.channel === 'string' ? e.data.channel : (s?.channel ?? null);
        return { seq: e.seq, type: e.type, occurredAt: e.occurredAt, signer: s ? { name: s.name, role: s.role, channel: s.channel } : null, channel, data: e.data };
      }),
      chain: { intact: brokenAt === null && trail.chainIntact, checked: trail.items.length, brokenAt },
    });
  }
  return { agreement, timelines };
}
