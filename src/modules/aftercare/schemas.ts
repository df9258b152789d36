import { z } from '@hono/zod-openapi';
import { BARRIER_GROUPING_CODES, BARRIER_KINDS, BARRIER_KIND_CODES, CHAIN_PARTNERS, CHAIN_PARTNER_CODES } from '../../domain/barriers.js';
import { JZ020_CODES } from '../../domain/ijw.js';
import {
  CONTACT_KIND_CODES,
  CONTACT_KINDS,
  LEGAL_FRAMEWORK_CODES,
  LEGAL_FRAMEWORKS,
  PLAN_PROGRESS_KIND_CODES,
  REACHED_KINDS,
  REVIEW_PARTICIPANT_CODES,
  REVIEW_PARTICIPANTS,
} from '../../domain/aftercare.js';
import { CHECKLIST_STATUSES, ChecklistStatus, Commitment, Condition, GOAL_STATUSES, Goal, GoalStatus, IsoDate, Risk, Turning18Item } from '../../domain/agreement.js';
import { PaginationQuery, Timestamp } from '../../platform/http/openapi.js';
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
// The living plan: progress on the items of the plan in force, recorded beside it (append-only).

const frameworkList = LEGAL_FRAMEWORK_CODES.map((k) => `${k} (${LEGAL_FRAMEWORKS[k].en})`).join(', ');

export const LegalFramework = z.enum(LEGAL_FRAMEWORK_CODES).openapi('LegalFramework', {
  description: `The legal framework the help continues under after the 18th birthday (the warm handover from the Jeugdwet): ${frameworkList}.`,
  example: 'wmo',
});
export const PlanProgressKind = z.enum(PLAN_PROGRESS_KIND_CODES).openapi('PlanProgressKind', {
  description:
    'What the entry is about: goal (a goal’s status), commitment or condition (kept or not), risk (early signals of a dropout risk observed), risk-action (the action taken later on a signal), checklist (a turning-18 item), framework (the legal framework after 18).',
  example: 'goal',
});

/** An item of the plan in force: its stable id, or its position (1, 2, …) in a version frozen before items had ids. */
const itemRef = (what: string) =>
  text().trim().min(1).max(100).openapi({ description: `The ${what} of the plan in force: its id, or its position (1, 2, …) in a plan frozen before items had ids.`, example: '0192f6a4-7c1e-7c39-9d55-3b1a6f0e2b11' });
const progressNote = text().trim().min(1).max(NOTE_MAX).optional().openapi({ description: `A short note (at most ${NOTE_MAX} characters).`, example: 'Inschrijving bij de woningcorporatie is rond.' });
const actionText = (description: string) => text().trim().min(1).max(NOTE_MAX).openapi({ description: `${description} (at most ${NOTE_MAX} characters).`, example: 'Samen met de begeleider de afspraken opnieuw doorgenomen.' });
const occurredOn = IsoDate.openapi({
  description: 'The day it happened (Europe/Amsterdam). Not in the future, and not more than a year before the aftercare start date of the agreement.',
  example: '2027-03-01',
});

const GoalProgress = z
  .object({ kind: z.literal('goal'), occurredOn, goalId: itemRef('goal'), status: GoalStatus.openapi({ description: 'open (not started), in-progress, achieved, not-achieved.' }), note: progressNote })
  .openapi('RecordGoalProgress', { description: 'A goal’s status.' });
const keptFields = (what: 'commitment' | 'condition') =>
  z
    .object({
      kind: z.literal(what),
      occurredOn,
      itemId: itemRef(what),
      kept: z.boolean().openapi({ description: `Whether the ${what} was kept.`, example: false }),
      action: actionText('When not kept: what was agreed would happen, and that it was done or what was done instead. Required when kept is false').optional(),
      note: progressNote,
    })
    .superRefine((v, ctx) => {
      if (v.kept === false && v.action === undefined) ctx.addIssue({ code: 'custom', path: ['action'], message: `Say what was agreed would happen when the ${what} is not kept, and what was done.` });
    })
    .openapi(what === 'commitment' ? 'RecordCommitmentProgress' : 'RecordConditionProgress', { description: `A ${what} kept or not kept (with the agreed action when not).` });
const CommitmentProgress = keptFields('commitment');
const ConditionProgress = keptFields('condition');
const RiskProgress = z.object({
  kind: z.literal('risk'),
  occurredOn,
  riskId: itemRef('dropout risk'),
  observed: actionText('What was seen: the early signals of this risk that were observed'),
  action: actionText('The action taken; may be left out and recorded later as a risk-action').optional(),
}).openapi('RecordRiskSignal', { description: 'Early signals of an agreed dropout risk observed, with the action taken (or none yet).' });
const RiskActionProgress = z.object({
  kind: z.literal('risk-action'),
  occurredOn,
  refersTo: z.uuid().openapi({ description: 'The risk entry of this agreement the action is for: one without an action yet (409 when it has one).' }),
  action: actionText('The action taken on the signal'),
}).openapi('RecordRiskAction', { description: 'The action taken later on a risk signal recorded without one.' });
const ChecklistProgress = z.object({
  kind: z.literal('checklist'),
  occurredOn,
  item: Turning18Item.openapi({ description: 'The turning-18 item (its code).' }),
  status: ChecklistStatus.openapi({ description: 'todo, in-progress, done, not-applicable.' }),
  note: progressNote,
}).openapi('RecordChecklistProgress', { description: 'A turning-18 item’s status.' });
const FrameworkProgress = z
  .object({ kind: z.literal('framework'), occurredOn, framework: LegalFramework, note: progressNote })
  .openapi('RecordFrameworkProgress', { description: 'The legal framework the help continues under after 18 (the warm handover), recorded.' });

export const RecordPlanProgress = z
  .discriminatedUnion('kind', [GoalProgress, CommitmentProgress, ConditionProgress, RiskProgress, RiskActionProgress, ChecklistProgress, FrameworkProgress])
  .openapi('RecordPlanProgress', {
    description:
      'One thing that happened to an item of the plan in force, told apart by kind. Recorded once, never changed: a mistake is corrected by recording another (the latest entry of an item, by day then by when recorded, is its state).',
  });

const RecordedBy = z.object({ id: z.uuid(), name: text().openapi({ example: 'Fatima el Amrani' }) }).openapi({ description: 'The staff member who recorded it.' });

export const PlanProgressEntry = z
  .object({
    id: z.uuid(),
    agreementId: z.uuid(),
    kind: PlanProgressKind,
    occurredOn: IsoDate,
    itemRef: text().nullable().openapi({ description: 'The item it is about: the goal’s, commitment’s, condition’s or risk’s id (or position), or the turning-18 item’s code; null for risk-action and framework.' }),
    status: z.enum([...Object.keys(GOAL_STATUSES), ...Object.keys(CHECKLIST_STATUSES)] as [string, ...string[]]).nullable().openapi({ description: 'goal: the goal’s status; checklist: the item’s status; otherwise null.' }),
    kept: z.boolean().nullable().openapi({ description: 'commitment, condition: whether it was kept; otherwise null.' }),
    framework: LegalFramework.nullable().openapi({ description: 'framework: the legal framework after 18; otherwise null.' }),
    observed: text().nullable().openapi({ description: 'risk: the signals observed; otherwise null.' }),
    action: text().nullable().openapi({ description: 'commitment, condition: what was done when not kept; risk: the action taken (null: none yet); risk-action: the action.' }),
    note: text().nullable(),
    refersTo: z.uuid().nullable().openapi({ description: 'risk-action: the risk entry it is the action for; otherwise null.' }),
    recordedBy: RecordedBy,
    recordedAt: Timestamp,
  })
  .openapi('PlanProgressEntry', { description: 'One entry of progress on the plan in force (append-only).' });

export const PlanProgressQuery = PaginationQuery.extend({ kind: PlanProgressKind.optional().openapi({ description: 'Only entries of this kind.' }) });

const Since = IsoDate.nullable().openapi({ description: 'The day of the entry that gave this state; null when nothing was recorded yet (the plan’s own state).' });

export const LivingPlan = z
  .object({
    agreementId: z.uuid(),
    version: z.number().int().openapi({ description: 'The version in force whose items these are.' }),
    goals: z.array(
      z.object({
        ref: text().openapi({ description: 'How progress refers to the goal (its id, else its position).' }),
        goal: Goal,
        status: GoalStatus,
        note: text().nullable(),
        since: Since,
      }),
    ),
    commitments: z.array(z.object({ ref: text(), commitment: Commitment, kept: z.boolean().nullable().openapi({ description: 'The latest entry: kept or not; null when none was recorded.' }), action: text().nullable(), note: text().nullable(), since: Since })),
    conditions: z.array(z.object({ ref: text(), condition: Condition, kept: z.boolean().nullable(), action: text().nullable(), note: text().nullable(), since: Since })),
    risks: z.array(
      z.object({
        ref: text(),
        risk: Risk,
        signals: z
          .array(
            z.object({
              id: z.uuid().openapi({ description: 'The risk entry (refersTo of a later risk-action).' }),
              occurredOn: IsoDate,
              observed: text(),
              action: text().nullable().openapi({ description: 'The action taken: on the entry itself, or a later risk-action; null when none.' }),
              actionOn: IsoDate.nullable(),
            }),
          )
          .openapi({ description: 'The signals observed, newest first.' }),
        withoutAction: z.number().int().openapi({ description: 'How many signals have no action yet.' }),
      }),
    ),
    checklist: z.object({
      items: z.array(z.object({ item: Turning18Item, status: ChecklistStatus, note: text().nullable(), since: Since })).openapi({ description: 'Every turning-18 item: the latest entry, else the plan’s status, else todo.' }),
      complete: z.boolean().openapi({ description: 'Every item done or not-applicable.' }),
    }),
    framework: z.object({ framework: LegalFramework, note: text().nullable(), since: IsoDate }).nullable().openapi({ description: 'The legal framework after 18 recorded last; null when none.' }),
  })
  .openapi('LivingPlan', { description: 'The plan in force with the current state of each item: the living plan.' });
