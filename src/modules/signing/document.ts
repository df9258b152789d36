// The signed document: built from the version's frozen content, the signatures and the audit
// trail, rendered and sealed, and stored once (the database refuses changes afterwards).
import { AGREEMENT_SECTIONS, COMMITMENT_PARTIES, SECTION_KEYS, TURNING_18_ITEMS } from '../../domain/agreement.js';
import { codeLabel } from '../../domain/code-list.js';
import { SignerRole, SigningEventType } from '../../domain/signing.js';
import { uuidv7 } from '../../platform/crypto.js';
import type { Tx } from '../../platform/db/database.js';
import { notFound } from '../../platform/errors.js';
import { bytesToBase64, base64ToBytes, sha256OfPdf } from '../../platform/pdf/bytes.js';
import type { PdfService } from '../../platform/pdf-service.js';
import { getVersion } from '../agreements/service.js';
import type { AgreementDocument } from './pdf/types.js';
import { VERIFY_PATH } from './verify-page.js';

export async function buildDocument(trx: Tx, tenantId: string, agreementId: string, version: number, completedAt: Date, verificationUrl: string): Promise<AgreementDocument> {
  const v = await getVersion(trx, tenantId, agreementId, version);
  const c = v.content;
  const signers = await trx.selectFrom('signers').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).where('status', '=', 'signed').orderBy('position').execute();
  const events = await trx.selectFrom('signing_events').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).orderBy('seq').execute();
  const locale = 'nl' as const;
  return {
    locale,
    title: `Toekomstafspraken ${c.youngPerson.name}`,
    municipalityName: c.municipality.name,
    agreementId,
    version,
    youngPerson: c.youngPerson,
    caseManagerName: c.caseManager.name,
    departureDate: c.departureDate,
    aftercareStartDate: c.aftercareStartDate,
    sentAt: v.sentAt,
    completedAt: completedAt.toISOString(),
    contentSha256: v.contentSha256,
    verificationUrl,
    // In the template's order (the stored content is jsonb, whose keys come back in its own order).
    sections: SECTION_KEYS.map((key) => ({ key, heading: codeLabel(AGREEMENT_SECTIONS, key, locale), paragraphs: [c.texts[key][locale]] })),
    goals: c.plan.goals.map((g) => ({ lifeDomain: g.domain, term: g.term, description: g.description, targetDate: g.targetDate, status: g.status })),
    commitments: c.plan.commitments.map((m) => ({ party: m.partyName ?? codeLabel(COMMITMENT_PARTIES, m.party, locale), description: `${m.what} (${m.frequency})` })),
    conditions: c.plan.conditions.map((k) => ({ description: `${k.help} — ${k.dependsOn} (bespreken op ${k.reviewOn})`, consequence: k.ifNotKept })),
    risks: c.plan.risks.map((r) => ({ risk: r.risk, signals: [r.signals], actions: [r.actions], who: [r.who] })),
    network: c.plan.network.map((n) => ({ name: n.name, relation: n.relation, practicalSupport: n.practicalContact ?? false, phone: n.phone ?? null, email: n.email ?? null })),
    turning18: c.plan.checklist.map((i) => ({ item: codeLabel(TURNING_18_ITEMS, i.item, locale), status: i.status, note: i.note ?? null })),
    reviewMoments: c.plan.reviews.map((r) => ({ date: r.plannedOn, description: r.outcome ?? 'Evaluatie' })),
    signers: signers.map((s) => ({
      id: s.id,
      role: SignerRole.parse(s.role),
      name: s.name,
      typedName: s.typed_name ?? s.name,
      signedAt: new Date(s.signed_at as Date).toISOString(),
      authentication: s.channel === 'sms' ? 'link-sms-code' : 'link-email-code',
      drawnSignature: s.drawn_signature,
      consentTextSha256: s.consent_sha256,
    })),
    events: events.map((e) => ({
      type: SigningEventType.parse(e.type),
      at: new Date(e.occurred_at).toISOString(),
      signerId: e.signer_id,
      ip: e.ip,
      userAgent: e.user_agent,
      detail: `#${e.seq} ${e.hash.slice(0, 16)}`,
    })),
  };
}

export async function sealAndStore(trx: Tx, tenantId: string, agreementId: string, version: number, pdfService: Pick<PdfService, 'agreementSealed'>, completedAt: Date, publicUrl: string) {
  const doc = await buildDocument(trx, tenantId, agreementId, version, completedAt, `${publicUrl}${VERIFY_PATH}`);
  // Rendered and sealed where the seal's key is (on Workers: the PDF Worker, over RPC); still inside
  // this transaction, so a version is never fully signed without its sealed document.
  const pdf = await pdfService.agreementSealed(doc, { signingTime: completedAt });
  const sha256 = sha256OfPdf(pdf);
  await trx
    .insertInto('signed_documents')
    .values({ tenant_id: tenantId, id: uuidv7(), agreement_id: agreementId, version, pdf_base64: bytesToBase64(pdf), sha256, content_sha256: doc.contentSha256, signed_at: completedAt })
    .execute();
  return { sha256 };
}

export async function signedDocument(trx: Tx, tenantId: string, agreementId: string, version: number) {
  const row = await trx.selectFrom('signed_documents').select(['pdf_base64', 'sha256']).where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).where('version', '=', version).executeTakeFirst();
  if (!row) throw notFound('signed document (the version is not fully signed yet)');
  return { pdf: base64ToBytes(row.pdf_base64), sha256: row.sha256 };
}
