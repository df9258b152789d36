// The signed youth agreement as a PDF: the agreement, the signatures and a certificate page.
// pdf-lib with Noto Sans embedded as a subset (fonts.ts), so every name prints as written; runs on
// Node and Workers alike.
// Deterministic: the same input gives byte-identical output (creation date comes from the input,
// pdf-lib writes no random document id), so the unsealed rendering can be reproduced and compared.
import { PDFDocument, type PDFImage } from 'pdf-lib';
import type { SectionKey } from '../../../domain/agreement.js';
import { type PdfBytes, savePdf } from '../../../platform/pdf/document.js';
import { embedFonts } from '../../../platform/pdf/fonts.js';
import { embedPng } from '../../../platform/pdf/png.js';
import { colors, Layout, type Run } from '../../../platform/pdf/layout.js';
import { truncate } from '../../../platform/pdf/text.js';
import { formatDate, formatInstant, type Labels, label, labelsFor } from './labels.js';
import type { AgreementDocument, AgreementGoal, AgreementSigner, SigningEvent } from './types.js';

export type * from './types.js';

/** Longest user agent printed on the certificate page. */
const MAX_USER_AGENT = 140;
/** A drawn signature larger than this (decoded) is not embedded. */
const MAX_SIGNATURE_IMAGE_BYTES = 2 * 1024 * 1024;

export async function renderAgreementPdf(doc: AgreementDocument): Promise<PdfBytes> {
  const pdf = await buildAgreementPdf(doc);
  return savePdf(pdf);
}

/** The pdf-lib document before saving (for callers that add to it, like a seal placeholder). */
export async function buildAgreementPdf(doc: AgreementDocument): Promise<PDFDocument> {
  const l = labelsFor(doc.locale);
  const pdf = await PDFDocument.create({ updateMetadata: false });
  setMetadata(pdf, doc, l);

  const fonts = await embedFonts(pdf);
  const images = new Map<string, PDFImage | null>();
  for (const signer of doc.signers) {
    if (signer.drawnSignature) images.set(signer.id, await embedSignatureImage(pdf, signer.drawnSignature));
  }

  const layout = new Layout(pdf, fonts);
  renderIntro(layout, doc, l);
  renderBody(layout, doc, l);
  renderSignatures(layout, doc, l, images);
  layout.newPage();
  renderCertificate(layout, doc, l);

  const id = `${l.agreementId} ${doc.agreementId} · ${l.version.toLowerCase()} ${doc.version}`;
  layout.finish(fullTitle(doc), `Vervolg · ${doc.municipalityName} · ${id}`, l.page);
  return pdf;
}

/** The title, with the young person's name when the title doesn't have it already. */
function fullTitle(doc: AgreementDocument): string {
  return doc.title.includes(doc.youngPerson.name) ? doc.title : `${doc.title} — ${doc.youngPerson.name}`;
}

function setMetadata(pdf: PDFDocument, doc: AgreementDocument, l: Labels): void {
  const completed = new Date(doc.completedAt);
  const date = Number.isNaN(completed.getTime()) ? new Date(0) : completed;
  pdf.setTitle(fullTitle(doc), { showInWindowTitleBar: true });
  pdf.setSubject(`${l.agreementSubtitle}, ${l.agreementId.toLowerCase()} ${doc.agreementId}, ${l.version.toLowerCase()} ${doc.version}`);
  pdf.setAuthor('Vervolg');
  pdf.setCreator(`Vervolg · ${doc.municipalityName}`);
  pdf.setProducer('Vervolg (pdf-lib)');
  pdf.setKeywords([doc.agreementId, `v${doc.version}`, `sha256:${doc.contentSha256}`]);
  pdf.setLanguage(doc.locale === 'en' ? 'en-GB' : 'nl-NL');
  pdf.setCreationDate(date);
  pdf.setModificationDate(date);
}

function renderIntro(layout: Layout, doc: AgreementDocument, l: Labels): void {
  layout.text(`Vervolg · ${doc.municipalityName}`, { size: 9, color: colors.muted, after: 6 });
  layout.paragraph([{ text: doc.title, font: 'bold', color: colors.accent }], { size: 20, leading: 1.25, after: 2 });
  layout.text(l.agreementSubtitle, { size: 11, color: colors.muted, after: 10 });
  layout.field(l.youngPerson, doc.youngPerson.name);
  layout.field(l.dateOfBirth, formatDate(doc.youngPerson.dateOfBirth, l));
  layout.field(l.municipality, doc.municipalityName);
  layout.field(l.caseManager, doc.caseManagerName);
  layout.field(l.departureDate, formatDate(doc.departureDate, l));
  layout.field(l.aftercareStart, formatDate(doc.aftercareStartDate, l));
  layout.field(l.agreementId, [{ text: doc.agreementId, font: 'mono' }]);
  layout.field(l.version, String(doc.version));
  layout.field(l.sentAt, formatInstant(doc.sentAt, l));
  layout.space(4);
  layout.rule({ after: 4 });
}

/** A part of the plan, drawn under its own heading, or under the heading of the template's section that carries it. */
type Part = (heading: string | null) => void;

/**
 * The sections in the order given (the template's), each followed by its part of the plan; then
 * the parts whose section was not given, in the template's order; review moments after the
 * turning-18 checklist.
 */
function renderBody(layout: Layout, doc: AgreementDocument, l: Labels): void {
  const parts: [SectionKey, string, Part][] = [
    ['goals', l.goals, (h) => renderGoals(layout, doc.goals, l, h)],
    ['commitments', l.commitments, (h) => renderCommitments(layout, doc, h)],
    ['conditions', l.conditions, (h) => renderConditions(layout, doc, l, h)],
    ['risks', l.risks, (h) => renderRisks(layout, doc, l, h)],
    ['network', l.network, (h) => renderNetwork(layout, doc, l, h)],
    ['turning18', l.turning18, (h) => renderChecklist(layout, doc, l, h)],
  ];
  const done = new Set<SectionKey>();
  for (const section of doc.sections) {
    layout.heading(section.heading, 2);
    for (const paragraph of section.paragraphs) layout.text(paragraph, { after: 5 });
    const part = parts.find(([key]) => key === section.key);
    if (!part || done.has(part[0])) continue;
    done.add(part[0]);
    part[2](null);
    if (part[0] === 'turning18') renderReviewMoments(layout, doc, l);
  }
  for (const [key, heading, part] of parts) {
    if (done.has(key)) continue;
    part(heading);
    if (key === 'turning18') renderReviewMoments(layout, doc, l);
  }
}

function renderGoals(layout: Layout, goals: AgreementGoal[], l: Labels, heading: string | null): void {
  if (goals.length === 0) return;
  if (heading) layout.heading(heading, 2);
  let n = 0;
  for (const term of ['short', 'long'] as const) {
    const list = goals.filter((g) => g.term === term);
    if (list.length === 0) continue;
    layout.heading(term === 'short' ? l.shortTermGoals : l.longTermGoals, 3);
    for (const goal of list) {
      n += 1;
      layout.block(60, () => {
        layout.paragraph([{ text: `${l.goal} ${n} · ${label(l.lifeDomains, goal.lifeDomain)}`, font: 'bold' }]);
        layout.text(goal.description);
        layout.paragraph(
          [
            { text: `${l.targetDate}: `, color: colors.muted },
            { text: formatDate(goal.targetDate, l) },
            { text: ' · ', color: colors.muted },
            { text: `${l.status}: `, color: colors.muted },
            { text: label(l.goalStatus, goal.status) },
          ],
          { size: 9 },
        );
      });
    }
  }
  // Goals with a term the renderer doesn't know still print, under their own term.
  for (const goal of goals.filter((g) => g.term !== 'short' && g.term !== 'long')) {
    n += 1;
    layout.block(60, () => {
      layout.paragraph([{ text: `${l.goal} ${n} · ${label(l.lifeDomains, goal.lifeDomain)} (${label(l.goalTerms, goal.term)})`, font: 'bold' }]);
      layout.text(goal.description);
    });
  }
}

function renderCommitments(layout: Layout, doc: AgreementDocument, heading: string | null): void {
  if (doc.commitments.length === 0) return;
  if (heading) layout.heading(heading, 2);
  const byParty = new Map<string, string[]>();
  for (const c of doc.commitments) {
    const list = byParty.get(c.party) ?? [];
    list.push(c.description);
    byParty.set(c.party, list);
  }
  for (const [party, items] of byParty) {
    layout.block(44, () => {
      layout.paragraph([{ text: party, font: 'bold' }], { after: 1 });
      layout.bullets(items);
    });
  }
}

function renderConditions(layout: Layout, doc: AgreementDocument, l: Labels, heading: string | null): void {
  if (doc.conditions.length === 0) return;
  if (heading) layout.heading(heading, 2);
  layout.text(l.conditionsIntro, { color: colors.muted, after: 6 });
  doc.conditions.forEach((condition, i) => {
    layout.block(40, () => {
      layout.paragraph([{ text: `${i + 1}. `, font: 'bold' }, { text: condition.description }]);
      if (condition.consequence) layout.paragraph([{ text: `${l.consequence}: `, font: 'bold', color: colors.muted }, { text: condition.consequence }], { size: 9.5 });
    });
  });
}

function renderRisks(layout: Layout, doc: AgreementDocument, l: Labels, heading: string | null): void {
  if (doc.risks.length === 0) return;
  if (heading) layout.heading(heading, 2);
  layout.text(l.risksIntro, { color: colors.muted, after: 6 });
  for (const risk of doc.risks) {
    layout.block(70, () => {
      layout.paragraph([{ text: risk.risk, font: 'bold' }], { after: 2 });
      if (risk.signals.length > 0) {
        layout.paragraph([{ text: l.signals, font: 'bold', color: colors.muted }], { size: 9 });
        layout.bullets(risk.signals, { size: 9.5 });
      }
      if (risk.actions.length > 0) {
        layout.paragraph([{ text: l.actions, font: 'bold', color: colors.muted }], { size: 9 });
        layout.bullets(risk.actions, { size: 9.5 });
      }
      if (risk.who.length > 0) layout.paragraph([{ text: `${l.who}: `, font: 'bold', color: colors.muted }, { text: risk.who.join(', ') }], { size: 9.5 });
    });
  }
}

function renderNetwork(layout: Layout, doc: AgreementDocument, l: Labels, heading: string | null): void {
  if (doc.network.length === 0) return;
  if (heading) layout.heading(heading, 2);
  for (const contact of doc.network) {
    layout.block(36, () => {
      layout.paragraph([{ text: contact.name, font: 'bold' }, { text: ` — ${contact.relation}` }]);
      const details: Run[] = [];
      if (contact.role) details.push({ text: contact.role });
      if (contact.practicalSupport) details.push({ text: `${details.length ? ' · ' : ''}${l.practicalSupport}`, font: 'bold', color: colors.accent });
      if (details.length) layout.paragraph(details, { size: 9.5 });
      const reach: Run[] = [];
      if (contact.phone) reach.push({ text: `${l.phone}: `, color: colors.muted }, { text: contact.phone });
      if (contact.email) reach.push({ text: `${reach.length ? '   ' : ''}${l.email}: `, color: colors.muted }, { text: contact.email });
      if (reach.length) layout.paragraph(reach, { size: 9 });
    });
  }
}

function renderChecklist(layout: Layout, doc: AgreementDocument, l: Labels, heading: string | null): void {
  if (doc.turning18.length === 0) return;
  if (heading) layout.heading(heading, 2);
  for (const item of doc.turning18) {
    const runs: Run[] = [{ text: item.item }];
    const extra: string[] = [];
    if (item.owner) extra.push(`${l.owner}: ${item.owner}`);
    if (item.note) extra.push(item.note);
    if (extra.length) runs.push({ text: `\n${extra.join(' · ')}`, color: colors.muted });
    layout.field(label(l.checklistStatus, item.status), runs, { labelWidth: 120 });
    layout.space(3);
  }
}

function renderReviewMoments(layout: Layout, doc: AgreementDocument, l: Labels): void {
  if (doc.reviewMoments.length === 0) return;
  layout.heading(l.reviewMoments, 2);
  for (const moment of doc.reviewMoments) {
    const runs: Run[] = [{ text: moment.description }];
    if (moment.participants?.length) runs.push({ text: `\n${l.participants}: ${moment.participants.join(', ')}`, color: colors.muted });
    layout.field(formatDate(moment.date, l), runs, { labelWidth: 120 });
    layout.space(3);
  }
}

function renderSignatures(layout: Layout, doc: AgreementDocument, l: Labels, images: Map<string, PDFImage | null>): void {
  layout.heading(l.signatures, 2);
  layout.text(l.signaturesIntro, { after: 8 });
  for (const signer of doc.signers) {
    layout.block(110, () => {
      layout.paragraph([{ text: label(l.roles, signer.role), font: 'bold', color: colors.muted }], { size: 9 });
      layout.paragraph([{ text: signer.name, font: 'bold' }], { size: 11 });
      const image = images.get(signer.id);
      if (image) layout.image(image, 200, 64);
      else layout.paragraph([{ text: signer.typedName, font: 'italic' }], { size: 17, leading: 1.5 });
      if (image === null) layout.text(l.drawnSignatureMissing, { size: 8.5, color: colors.muted });
      layout.paragraph([{ text: `${l.typedName}: `, color: colors.muted }, { text: signer.typedName }], { size: 9 });
      layout.paragraph([{ text: `${l.signedAt}: `, color: colors.muted }, { text: formatInstant(signer.signedAt, l) }], { size: 9 });
    });
  }
}

function renderCertificate(layout: Layout, doc: AgreementDocument, l: Labels): void {
  layout.paragraph([{ text: l.certificate, font: 'bold', color: colors.accent }], { size: 17, after: 4 });
  layout.text(l.certificateIntro, { size: 9.5, color: colors.muted, after: 8 });
  const labelWidth = 170;
  layout.field(l.documentLabel, doc.title, { labelWidth });
  layout.field(l.agreementId, [{ text: doc.agreementId, font: 'mono' }], { labelWidth });
  layout.field(l.version, String(doc.version), { labelWidth });
  layout.field(l.sentAt, formatInstant(doc.sentAt, l), { labelWidth });
  layout.field(l.completedAt, formatInstant(doc.completedAt, l), { labelWidth });
  layout.space(4);
  layout.paragraph([{ text: l.contentSha256, font: 'bold', color: colors.muted }]);
  layout.paragraph([{ text: doc.contentSha256, font: 'mono' }], { size: 9.5 });
  layout.text(l.contentSha256Note, { size: 8.5, color: colors.muted, after: 4 });

  doc.signers.forEach((signer, i) => {
    layout.heading(`${l.signer} ${i + 1}: ${signer.name}`, 3);
    renderSignerCertificate(layout, signer, doc, l);
  });
  const documentEvents = doc.events.filter((e) => !e.signerId || !doc.signers.some((s) => s.id === e.signerId));
  if (documentEvents.length > 0) {
    layout.heading(l.documentEvents, 3);
    renderEvents(layout, documentEvents, l);
  }
  layout.space(6);
  layout.rule({ after: 4 });
  if (doc.verificationUrl) layout.paragraph([{ text: `${l.verifyAt} `, color: colors.muted }, { text: doc.verificationUrl, font: 'mono' }], { size: 9, after: 2 });
  layout.text(l.sealNote, { size: 9, color: colors.muted });
}

function renderSignerCertificate(layout: Layout, signer: AgreementSigner, doc: AgreementDocument, l: Labels): void {
  const labelWidth = 170;
  layout.block(60, () => {
    layout.field(l.role, label(l.roles, signer.role), { labelWidth, size: 9.5 });
    layout.field(l.authentication, label(l.authMethods, signer.authentication), { labelWidth, size: 9.5 });
    layout.field(l.typedName, signer.typedName, { labelWidth, size: 9.5 });
    layout.field(l.signedAt, formatInstant(signer.signedAt, l), { labelWidth, size: 9.5 });
    if (signer.consentTextSha256) {
      layout.paragraph([{ text: l.consentSha256, font: 'bold', color: colors.muted }], { size: 9.5 });
      layout.paragraph([{ text: signer.consentTextSha256, font: 'mono' }], { size: 8.5 });
    }
    const events = doc.events.filter((e) => e.signerId === signer.id);
    layout.paragraph([{ text: l.events, font: 'bold', color: colors.muted }], { size: 9 });
    if (events.length === 0) layout.text(l.noEvents, { size: 9, color: colors.muted });
    else renderEvents(layout, events, l);
  });
}

function renderEvents(layout: Layout, events: SigningEvent[], l: Labels): void {
  for (const event of events) {
    const runs: Run[] = [{ text: label(l.eventTypes, event.type), font: 'bold' }];
    if (event.detail) runs.push({ text: ` (${event.detail})` });
    if (event.ip) runs.push({ text: `\n${l.ip}: `, color: colors.muted }, { text: event.ip, font: 'mono' });
    if (event.userAgent) runs.push({ text: `\n${l.userAgent}: `, color: colors.muted }, { text: truncate(event.userAgent, MAX_USER_AGENT), color: colors.muted });
    layout.field(formatInstant(event.at, l), runs, { labelWidth: 130, size: 8.5 });
    layout.space(2);
  }
}

/** Embeds a drawn signature from a data URL; null when it is not a usable PNG/JPEG (never throws). */
async function embedSignatureImage(pdf: PDFDocument, dataUrl: string): Promise<PDFImage | null> {
  const match = /^data:image\/(png|jpe?g);base64,([A-Za-z0-9+/=\s]+)$/i.exec(dataUrl.trim());
  if (!match) return null;
  try {
    const binary = atob((match[2] as string).replace(/\s+/g, ''));
    if (binary.length > MAX_SIGNATURE_IMAGE_BYTES) return null;
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return (match[1] as string).toLowerCase() === 'png' ? await embedPng(pdf, bytes) : await pdf.embedJpg(bytes);
  } catch {
    return null;
  }
}
