import { z } from '@hono/zod-openapi';
import { JZ588_CODES, LIFE_DOMAIN_CODES, TURNING_18_CODES } from '../../platform/codes.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { email, text as anyText } from '../../platform/text.js';

const text = (max: number) => anyText().trim().min(1).max(max);
const IsoDate = z.iso.date('Use a date as YYYY-MM-DD.').openapi({ format: 'date', example: '2027-03-01' });

export const Bilingual = z
  .object({
    nl: text(5000).openapi({ description: 'Dutch text at language level B1.' }),
    en: text(5000).openapi({ description: 'English text.' }),
  })
  .openapi('BilingualText', { description: 'Text in Dutch and English. Placeholders: {{youngPerson.name}}, {{caseManager.name}}, {{municipality.name}}, {{departureDate}}, {{aftercareStartDate}}.' });

export const SECTION_KEYS = ['introduction', 'goals', 'commitments', 'conditions', 'risks', 'network', 'turning18', 'privacy'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

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

// ---- the plan ----

export const Goal = z
  .object({
    domain: z.enum(LIFE_DOMAIN_CODES).openapi({ description: 'Life domain (leefgebied).' }),
    term: z.enum(['short', 'long']).openapi({ description: 'short: during the stay; long: the whole trajectory.' }),
    description: text(1000),
    targetDate: IsoDate,
    status: z.enum(['open', 'in-progress', 'achieved', 'not-achieved']).default('open'),
  })
  .openapi('Goal');

export const Commitment = z
  .object({
    party: z.enum(['young-person', 'municipality', 'provider', 'network-member']),
    partyName: text(200).optional().openapi({ description: 'Who exactly, e.g. the provider or network member.' }),
    what: text(1000),
    frequency: text(200).openapi({ example: 'elke week' }),
  })
  .openapi('Commitment');

export const Condition = z
  .object({
    help: text(1000).openapi({ description: 'The help that continues.' }),
    dependsOn: text(1000).openapi({ description: 'The commitments it depends on.' }),
    ifNotKept: text(1000).openapi({ description: 'What happens when a commitment is not kept.' }),
    reviewOn: IsoDate.openapi({ description: 'When this is reviewed.' }),
  })
  .openapi('Condition');

export const Risk = z
  .object({ risk: text(1000), signals: text(1000).openapi({ description: 'Early signals.' }), actions: text(1000), who: text(300) })
  .openapi('DropoutRisk');

export const NetworkContact = z
  .object({
    name: text(200),
    relation: text(200).openapi({ example: 'tante' }),
    kind: z.enum(['informal', 'formal']),
    phone: anyText().max(30).optional(),
    email: email().max(254).optional(),
    practicalContact: z.boolean().default(false).openapi({ description: 'The one informal contact person for practical matters.' }),
  })
  .openapi('NetworkContact');

export const ChecklistItem = z
  .object({
    item: z.enum(TURNING_18_CODES),
    status: z.enum(['todo', 'in-progress', 'done', 'not-applicable']).default('todo'),
    note: anyText().max(500).optional(),
  })
  .openapi('Turning18Item');

export const Review = z
  .object({ plannedOn: IsoDate, heldOn: IsoDate.optional(), outcome: anyText().max(2000).optional() })
  .openapi('ReviewMoment');

export const Plan = z
  .object({
    goals: z.array(Goal).max(50).default([]),
    commitments: z.array(Commitment).max(50).default([]),
    conditions: z.array(Condition).max(30).default([]),
    risks: z.array(Risk).max(30).default([]),
    network: z.array(NetworkContact).max(30).default([]),
    checklist: z.array(ChecklistItem).max(TURNING_18_CODES.length).default([]),
    reviews: z.array(Review).max(30).default([]),
  })
  .superRefine((plan, ctx) => {
    const practical = plan.network.map((n, i) => ({ n, i })).filter(({ n }) => n.practicalContact);
    if (practical.length > 1) ctx.addIssue({ code: 'custom', path: ['network', practical[1]?.i ?? 0, 'practicalContact'], message: 'Only one contact person for practical matters.' });
    for (const { n, i } of practical) {
      if (n.kind !== 'informal') ctx.addIssue({ code: 'custom', path: ['network', i, 'kind'], message: 'The contact person for practical matters is someone from the informal network.' });
    }
    const seen = new Set<string>();
    plan.checklist.forEach((c, i) => {
      if (seen.has(c.item)) ctx.addIssue({ code: 'custom', path: ['checklist', i, 'item'], message: `${c.item} is listed twice.` });
      seen.add(c.item);
    });
  })
  .openapi('Plan');

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

export const AGREEMENT_STATUSES = ['draft', 'sent', 'active', 'amending', 'amendment-sent', 'completed', 'ended', 'declined', 'cancelled', 'expired'] as const;

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
    status: z.enum(['sent', 'signed', 'declined', 'cancelled', 'expired', 'superseded']),
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

export const SIGNER_ROLES = ['young-person', 'legal-representative', 'municipality-officer', 'provider'] as const;

export const SignerInput = z
  .object({
    role: z.enum(SIGNER_ROLES).openapi({ description: 'young-person (jeugdige), legal-representative (wettelijk vertegenwoordiger), municipality-officer, provider.' }),
    name: anyText().trim().min(1).max(200).optional().openapi({ description: 'Defaults to the young person’s name for role young-person.' }),
    email: email().max(254).optional(),
    mobile: MobileNumber.optional(),
    channel: z.enum(['email', 'sms']).optional().openapi({ description: 'Where the link and the one-time code go. Defaults to SMS when a mobile number is known.' }),
  })
  .openapi('SignerInput');

export const SendForSignature = z
  .object({
    signers: z.array(SignerInput).min(2).max(10),
    order: z.enum(['parallel', 'sequential']).default('parallel').openapi({ description: 'sequential: each signer gets the link after the one before has signed, in the order given.' }),
  })
  .openapi('SendForSignature');
