import { z } from '@hono/zod-openapi';
import { CONTACT_KIND_CODES, CONTACT_KINDS, REACHED_KINDS, REVIEW_PARTICIPANT_CODES, REVIEW_PARTICIPANTS } from '../../domain/aftercare.js';
import { IsoDate } from '../../domain/agreement.js';
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
