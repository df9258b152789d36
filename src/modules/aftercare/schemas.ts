import { z } from '@hono/zod-openapi';
import { CONTACT_KIND_CODES, CONTACT_KINDS, REACHED_KINDS, REVIEW_PARTICIPANT_CODES, REVIEW_PARTICIPANTS } from '../../domain/aftercare.js';
import { IsoDate } from '../../domain/agreement.js';
import { BARRIER_GROUPING_CODES, BARRIER_KINDS, BARRIER_KIND_CODES, CHAIN_PARTNERS, CHAIN_PARTNER_CODES } from '../../domain/barriers.js';
import { JZ020_CODES } from '../../domain/ijw.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';

export { CONTACT_KIND_CODES, REVIEW_PARTICIPANT_CODES };

const kindList = CONTACT_KIND_CODES.map((k) => `${k} (${CONTACT_KINDS[k].en})`).join(', ');

/** The most characters of a contact moment's note (the database's CHECK says the same). */
export const NOTE_MAX = 2000;

export const ContactKind = z.enum(CONTACT_KIND_CODES).openapi('ContactKind', {
  description: `How the case manager had (or tried to have) contact: ${kindList}. ${REACHED_KINDS.join(', ')} count as contact; no-show and not-reachable are recorded but are no contact.`,
  example: 'face-to-face',
});

export const RecordContactMoment = z
  .object({
    occurredOn: IsoDate.openapi({
      description:
        'The day of the contact (Europe/Amsterdam). Not in the future, and not more than a year before the aftercare start date of the agreement (contact in the run-up to departure counts).',
      example: '2027-03-01',
    }),
    kind: ContactKind,
    note: text().trim().min(1).max(NOTE_MAX).optional().openapi({ description: `A short note (at most ${NOTE_MAX} characters).`, example: 'Samen de huurtoeslag aangevraagd.' }),
  })
  .openapi('RecordContactMoment', { description: 'A contact moment with the young person. Recorded once, never changed: a mistake is corrected by recording another.' });

export const ContactMoment = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    occurredOn: IsoDate,
    kind: ContactKind,
    reached: z.boolean().openapi({ description: 'Whether the young person was actually reached (counts as contact for the "no contact" signal).', example: true }),
    note: text().nullable().openapi({ example: 'Samen de huurtoeslag aangevraagd.' }),
    recordedBy: z
      .object({ id: z.uuid(), name: text().openapi({ example: 'Fatima el Amrani' }) })
      .openapi({ description: 'The staff member who recorded it.' }),
    recordedAt: Timestamp,
  })
  .openapi('ContactMoment', { description: 'A contact moment with the young person after signing (append-only).' });

const participantList = REVIEW_PARTICIPANT_CODES.map((k) => `${k} (${REVIEW_PARTICIPANTS[k].en})`).join(', ');

/** The most characters of what was agreed at a review meeting (the database's CHECK says the same). */
export const AGREED_MAX = 4000;

export const ReviewParticipant = z.enum(REVIEW_PARTICIPANT_CODES).openapi('ReviewParticipant', {
  description: `Who took part in a review meeting: ${participantList}.`,
  example: 'young-person',
});

export const RecordReviewMeeting = z
  .object({
    heldOn: IsoDate.openapi({
      description: 'The day the review meeting was held (Europe/Amsterdam). Not in the future, and not more than a year before the aftercare start date of the agreement.',
      example: '2027-03-01',
    }),
    participants: z
      .array(ReviewParticipant)
      .min(1)
      .max(REVIEW_PARTICIPANT_CODES.length)
      .refine((p) => new Set(p).size === p.length, { message: 'Each participant once' })
      .openapi({ description: 'Who took part, each once; at least one.', example: ['young-person', 'case-manager'] }),
    agreed: text().trim().min(1).max(AGREED_MAX).openapi({ description: `What was agreed (at most ${AGREED_MAX} characters).`, example: 'Over drie maanden kijken we of het werk bevalt.' }),
    nextReviewOn: IsoDate.optional().openapi({ description: 'The agreed day of the next review, after heldOn. Left out when none was agreed.', example: '2027-06-01' }),
  })
  .openapi('RecordReviewMeeting', { description: 'A review meeting (evaluatie) of the plan. Recorded once, never changed: a mistake is corrected by recording another.' });

export const ReviewMeeting = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    heldOn: IsoDate,
    participants: z.array(ReviewParticipant).openapi({ example: ['young-person', 'case-manager'] }),
    agreed: text().openapi({ example: 'Over drie maanden kijken we of het werk bevalt.' }),
    nextReviewOn: IsoDate.nullable().openapi({ description: 'The agreed day of the next review, or null.', example: '2027-06-01' }),
    recordedBy: z
      .object({ id: z.uuid(), name: text().openapi({ example: 'Fatima el Amrani' }) })
      .openapi({ description: 'The staff member who recorded it.' }),
    recordedAt: Timestamp,
  })
  .openapi('ReviewMeeting', { description: 'A review meeting (evaluatie) of the plan after signing (append-only).' });

// ---------------------------------------------------------------------------------------------
// Barriers ('what stands in the way'): recorded per young person, published only as aggregates.

const barrierKindList = BARRIER_KIND_CODES.map((k) => `${k} (${BARRIER_KINDS[k].en})`).join(', ');
const partnerList = CHAIN_PARTNER_CODES.map((k) => `${k} (${CHAIN_PARTNERS[k].en})`).join(', ');

/** The most characters of a barrier's intervention and note (the database's CHECKs say the same). */
export const INTERVENTION_MAX = 200;
export const BARRIER_NOTE_MAX = 2000;
export const WAITING_WEEKS_MAX = 520;

export const BarrierKind = z.enum(BARRIER_KIND_CODES).openapi('BarrierKind', { description: `What stood in the way: ${barrierKindList}.`, example: 'waiting-list' });
export const ChainPartner = z.enum(CHAIN_PARTNER_CODES).openapi('ChainPartner', { description: `The chain partner with whom cooperation failed: ${partnerList}.`, example: 'housing-corporation' });
const ProductCategory = z.enum(JZ020_CODES).openapi({ description: 'The JZ020 product category (productcategorie) of the help that stood in the way, where it applies.', example: '45' });

export const RecordBarrier = z
  .object({
    kind: BarrierKind,
    productCategory: ProductCategory.optional(),
    providerId: z.uuid().optional().openapi({ description: 'The care provider concerned, where relevant: one the municipality has or had a contract with, or works with (else 400 on this field).' }),
    intervention: text().trim().min(1).max(INTERVENTION_MAX).optional().openapi({ description: `The intervention, in a few words (at most ${INTERVENTION_MAX} characters).`, example: 'MDFT' }),
    partner: ChainPartner.optional().openapi({ description: 'Required exactly when kind is chain-cooperation; refused with any other kind.' }),
    waitingWeeks: z.number().int().min(0).max(WAITING_WEEKS_MAX).optional().openapi({ description: `The waiting time in weeks (0–${WAITING_WEEKS_MAX}), where known; meaningful above all for a waiting list. The report averages the barriers that have one.`, example: 12 }),
    notedOn: IsoDate.openapi({
      description: 'The day the barrier was met (Europe/Amsterdam); the report counts it by this day. Not in the future, and not more than a year before the aftercare start date of the agreement.',
      example: '2027-03-01',
    }),
    note: text().trim().min(1).max(BARRIER_NOTE_MAX).optional().openapi({ description: `A short note (at most ${BARRIER_NOTE_MAX} characters).`, example: 'Wachttijd MDFT bij beide aanbieders in de regio.' }),
  })
  .openapi('RecordBarrier', { description: 'A barrier met for this young person. Recorded once, never changed: a mistake is corrected by recording another.' });

export const Barrier = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    kind: BarrierKind,
    productCategory: z.enum(JZ020_CODES).nullable().openapi({ example: '45' }),
    provider: z.object({ id: z.uuid(), name: text().openapi({ example: 'Jeugdzorg De Brug' }) }).nullable(),
    intervention: text().nullable().openapi({ example: 'MDFT' }),
    partner: ChainPartner.nullable(),
    waitingWeeks: z.number().int().nullable().openapi({ example: 12 }),
    notedOn: IsoDate,
    note: text().nullable().openapi({ example: 'Wachttijd MDFT bij beide aanbieders in de regio.' }),
    recordedBy: z.object({ id: z.uuid(), name: text().openapi({ example: 'Fatima el Amrani' }) }).openapi({ description: 'The staff member who recorded it.' }),
    recordedAt: Timestamp,
  })
  .openapi('Barrier', { description: 'A barrier met for a young person (append-only).' });

/** The report's query: only types here; the service checks values and combination together, so a 400 lists every problem. */
export const BarrierReportQuery = z.object({
  from: text().optional().openapi({ description: 'First day of the period (inclusive, by the day the barrier was met). Default: a year before `to`, plus a day.', format: 'date', example: '2026-01-01' }),
  to: text().optional().openapi({ description: 'Last day of the period (inclusive). Default: today in Europe/Amsterdam. At most 5 years after `from`.', format: 'date', example: '2026-12-31' }),
  groupBy: text().optional().openapi({
    description: `One or two of ${BARRIER_GROUPING_CODES.join(', ')}, comma-separated: the second breaks each group of the first down (e.g. \`kind,product-category\`, \`provider,quarter\`). Default \`kind\`.`,
    example: 'kind,product-category',
  }),
  format: text().optional().openapi({ description: '`csv` for the CSV file (the same as `Accept: text/csv`), `json` (default).', example: 'csv' }),
});

const SuppressionReason = z.enum(['small-number', 'complementary']).nullable().openapi({
  description:
    'small-number: fewer young people than the municipality’s threshold (kleine aantallen). complementary: published alone, it would let a suppressed sibling be derived from the group above (secundaire onderdrukking). Null when published.',
});

export const BarrierReportRow = z
  .object({
    level: z.enum(['total', 'group', 'subgroup']).openapi({ description: 'total: the whole municipality; group: one value of the first groupBy; subgroup: one value of the second within its group.' }),
    kind: BarrierKind.optional().openapi({ description: 'Present when grouped by kind at this level.' }),
    productCategory: z.enum(JZ020_CODES).nullable().optional().openapi({ description: 'Present when grouped by product-category at this level; null: none recorded.', example: '45' }),
    providerId: z.uuid().nullable().optional().openapi({ description: 'Present when grouped by provider at this level; null: none recorded.' }),
    providerName: text().nullable().optional().openapi({ example: 'Jeugdzorg De Brug' }),
    quarter: text().optional().openapi({ description: 'Present when grouped by quarter at this level.', example: '2026-Q3' }),
    barriers: z.number().int().nullable().openapi({ description: 'Barriers recorded. Null when suppressed.', example: 14 }),
    youngPeople: z.number().int().nullable().openapi({ description: 'Distinct young people (agreements) with such a barrier. Null when suppressed.', example: 11 }),
    suppressed: z.boolean(),
    suppressionReason: SuppressionReason,
    waiting: z
      .object({
        barriers: z.number().int().nullable().openapi({ description: 'Barriers with a waiting time. Null when suppressed.', example: 9 }),
        averageWeeks: z.number().nullable().openapi({ description: 'Mean waiting time in weeks, one decimal (half up). Null when suppressed or none.', example: 14.3 }),
        medianWeeks: z.number().nullable().openapi({ description: 'Median waiting time in weeks. Null when suppressed or none.', example: 12 }),
        suppressed: z.boolean(),
        suppressionReason: SuppressionReason,
      })
      .openapi({ description: 'The waiting times, published on their own: they rest on the young people whose barrier has one, and are suppressed when those are fewer than the threshold.' }),
  })
  .openapi('BarrierReportRow');

export const BarrierReport = z
  .object({
    period: z.object({ from: IsoDate, to: IsoDate }),
    groupBy: z.array(z.enum(BARRIER_GROUPING_CODES)).openapi({ example: ['kind', 'product-category'] }),
    threshold: z.number().int().openapi({ description: 'The municipality’s small-number threshold: the fewest young people a published figure may rest on (the same as for the outcome indicators).', example: 5 }),
    rows: z.array(BarrierReportRow).openapi({ description: 'The total first, then each group followed by its subgroups. Only groups with at least one barrier.' }),
  })
  .openapi('BarrierReport');
