import { z } from '@hono/zod-openapi';
import { AGREEMENT_STATUSES, AGREEMENT_VERSION_STATUSES, IsoDate, Plan, SECTION_KEYS, type SectionKey } from '../../domain/agreement.js';
import { JZ588_CODES } from '../../domain/ijw.js';
import { Channel, SIGNER_ROLES, SignerRole } from '../../domain/signing.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { email, text as anyText } from '../../platform/text.js';

const text = (max: number) => anyText().trim().min(1).max(max);

export const Bilingual = z
  .object({
    nl: text(5000).openapi({ description: 'Dutch text at language level B1.' }),
    en: text(5000).openapi({ description: 'English text.' }),
  })
  .openapi('BilingualText', { description: 'Text in Dutch and English. Placeholders: {{youngPerson.name}}, {{caseManager.name}}, {{municipality.name}}, {{departureDate}}, {{aftercareStartDate}}.' });

export { AGREEMENT_STATUSES, SECTION_KEYS, type SectionKey, SIGNER_ROLES };

export const TemplateContent = z
  .object({
    sections: z.object({
      introduction: Bilingual.openapi({ description: "'Doorgaande hulp': help continues after departure; the stay was a practice period." }),
      goals: Bilingual,
      commitments: Bilingual,
      conditions: Bilingual.openapi({ description: 'Conditions of the help (contractsturing): which help continues on which commitments.' }),
      risks: Bilingual.openapi({ description: 'Dropout risks and the actions agreed for them (signaleringsplan).' }),
      network: Bilingual,
      turning18: Bilingual.openapi({ description: 'What changes at 18 and what to arrange.' }),
      privacy: Bilingual,
    }),
  })
  .openapi('TemplateContent');

export const CreateTemplate = z.object({ name: text(200), content: TemplateContent }).openapi('CreateAgreementTemplate');
export const CreateTemplateVersion = z.object({ content: TemplateContent }).openapi('CreateAgreementTemplateVersion');

export const TemplateVersion = z
  .object({
    id: z.uuid(),
    templateId: z.uuid(),
    version: z.number().int(),
    status: z.enum(['draft', 'published']),
    content: TemplateContent,
    createdAt: Timestamp,
    publishedAt: Timestamp.nullable(),
  })
  .openapi('AgreementTemplateVersion', { description: 'A version of a template. Published versions never change; agreements keep the version they were made from.' });

export const Template = z
  .object({
    id: z.uuid(),
    name: anyText(),
    createdAt: Timestamp,
    versions: z.array(TemplateVersion.omit({ content: true })),
  })
  .openapi('AgreementTemplate');

// ---- the plan: defined once in src/domain (the signing page and the PDF read the same shape) ----

export { ChecklistItem, Commitment, Condition, Goal, NetworkContact, Plan, Review, Risk } from '../../domain/agreement.js';

export const MobileNumber = anyText()
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^06/, '+316').replace(/^00/, '+'))
  .pipe(anyText().regex(/^\+[1-9]\d{7,14}$/, 'Use a mobile number like 06 12345678 or +31 6 12345678.'))
  .openapi({ example: '+31612345678' });

export const YoungPerson = z
  .object({
    name: text(200),
    dateOfBirth: IsoDate,
    email: email().max(254).optional(),
    mobile: MobileNumber.optional(),
  })
  .openapi('YoungPerson', { description: 'The young person (jeugdige). No BSN: Vervolg does not need it.' });

export const CreateAgreement = z
  .object({
    templateVersionId: z.uuid(),
    youngPerson: YoungPerson,
    caseManagerId: z.uuid().optional().openapi({ description: 'Defaults to you.' }),
    providerIds: z.array(z.uuid()).max(20).default([]),
    departureDate: IsoDate.openapi({ description: 'Departure from (residential) care.' }),
    aftercareStartDate: IsoDate.openapi({ description: 'Aftercare starts before departure.' }),
    plan: Plan.optional(),
  })
  .openapi('CreateAgreement');

export const UpdateAgreement = z
  .object({
    youngPerson: YoungPerson.partial().optional(),
    caseManagerId: z.uuid().optional(),
    providerIds: z.array(z.uuid()).max(20).optional(),
    departureDate: IsoDate.optional(),
    aftercareStartDate: IsoDate.optional(),
    plan: Plan.optional(),
  })
  .openapi('UpdateAgreement');

export const Agreement = z
  .object({
    id: z.uuid(),
    status: z.enum(AGREEMENT_STATUSES),
    revision: z.number().int().openapi({ description: 'Changes with every edit; the ETag. Send it back in If-Match.' }),
    templateVersionId: z.uuid(),
    youngPerson: z.object({ name: anyText(), dateOfBirth: IsoDate, email: anyText().nullable(), mobile: anyText().nullable() }),
    caseManagerId: z.uuid(),
    providerIds: z.array(z.uuid()),
    departureDate: IsoDate,
    aftercareStartDate: IsoDate,
    plan: Plan,
    inForceVersion: z.number().int().nullable().openapi({ description: 'The signed version currently in force.' }),
    endReason: z.enum(JZ588_CODES).nullable(),
    endNote: anyText().nullable(),
    endedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .openapi('Agreement', { description: 'A youth agreement (toekomstafspraken, nazorgovereenkomst) between a young person, the municipality and providers.' });

export const AgreementSummary = Agreement.pick({ id: true, status: true, departureDate: true, aftercareStartDate: true, caseManagerId: true, inForceVersion: true, createdAt: true, updatedAt: true })
  .extend({ youngPersonName: anyText() })
  .openapi('AgreementSummary');

export const AgreementVersion = z
  .object({
    version: z.number().int(),
    status: z.enum(AGREEMENT_VERSION_STATUSES),
    contentSha256: anyText().openapi({ description: 'SHA-256 of the content as sent (canonical JSON).' }),
    content: z.record(anyText(), z.unknown()).openapi({ description: 'The frozen content: texts with placeholders filled, people, dates and plan.' }),
    sentAt: Timestamp,
    signedAt: Timestamp.nullable(),
    closedAt: Timestamp.nullable(),
  })
  .openapi('AgreementVersion');

export const EndAgreement = z
  .object({ reason: z.enum(JZ588_CODES).openapi({ description: 'Reason for ending, iJw code list JZ588.' }), note: anyText().max(2000).optional() })
  .openapi('EndAgreement');
export const CancelAgreement = z.object({ note: anyText().max(2000).optional() }).openapi('CancelAgreement');

// ---- sending for signature (the signing module opens the round from this request) ----

export const SignerInput = z
  .object({
    role: SignerRole.openapi({ description: 'young-person (jeugdige), legal-representative (wettelijk vertegenwoordiger), municipality-officer, provider.' }),
    name: anyText().trim().min(1).max(200).optional().openapi({ description: 'Defaults to the young person’s name for role young-person.' }),
    email: email().max(254).optional(),
    mobile: MobileNumber.optional(),
    channel: Channel.optional().openapi({ description: 'Where the link and the one-time code go. Defaults to SMS when a mobile number is known.' }),
  })
  .openapi('SignerInput');

export const SendForSignature = z
  .object({
    signers: z.array(SignerInput).min(2).max(10),
    order: z.enum(['parallel', 'sequential']).default('parallel').openapi({ description: 'sequential: each signer gets the link after the one before has signed, in the order given.' }),
  })
  .openapi('SendForSignature');
