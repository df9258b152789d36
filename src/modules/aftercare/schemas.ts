import { z } from '@hono/zod-openapi';
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
