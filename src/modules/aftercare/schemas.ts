import { z } from '@hono/zod-openapi';
import { CONTACT_KIND_CODES, CONTACT_KINDS, REACHED_KINDS } from '../../domain/aftercare.js';
import { IsoDate } from '../../domain/agreement.js';
import { Timestamp } from '../../platform/http/openapi.js';
import { text } from '../../platform/text.js';

export { CONTACT_KIND_CODES };

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
