import { z } from '@hono/zod-openapi';
import { IsoDate } from '../../domain/agreement.js';
import { text } from '../../platform/text.js';
import { SIGNAL_CODES, SIGNAL_SETTING_DEFAULTS, SIGNALS } from '../../domain/signals.js';

export const SignalCode = z.enum(SIGNAL_CODES).openapi('AftercareSignalCode', {
  description: `Why a young person needs attention: ${SIGNAL_CODES.map((c) => `${c} (${SIGNALS[c].en})`).join(', ')}.`,
  example: 'no-contact',
});

export const AftercareSignal = z
  .object({
    agreementId: z.guid(),
    youngPersonName: text(),
    caseManager: z.object({ id: z.guid(), name: text() }),
    signal: SignalCode,
    since: IsoDate.openapi({ description: 'The day (Europe/Amsterdam) the signal began.' }),
    detail: text().nullable().openapi({
      description:
        'signing-stuck: declined, expired or link-expired; no-contact: the day of the last contact, if any; turning-18: checklist, framework or both (comma-separated); ' +
        'follow-up-due: 3 or 12 (months after departure); aftercare-ending: the day help ends (23rd birthday); otherwise null.',
    }),
  })
  .openapi('AftercareSignal');

export const AftercareSignalList = z.object({ items: z.array(AftercareSignal) }).openapi('AftercareSignalList');

export const SignalQuery = z.object({
  caseManagerId: z.guid().optional().openapi({ description: 'Only this case manager’s young people.', param: { name: 'caseManagerId', in: 'query' } }),
  signal: SignalCode.optional().openapi({ param: { name: 'signal', in: 'query' } }),
});

export const AftercareSettings = z
  .object({
    noContactWeeks: z.number().int().min(1).max(52).openapi({ description: `"No contact" after this many weeks without contact (default ${SIGNAL_SETTING_DEFAULTS.noContactWeeks}).`, example: 6 }),
    endingWeeks: z.number().int().min(1).max(52).openapi({ description: `"Aftercare ends soon" this many weeks before the end (default ${SIGNAL_SETTING_DEFAULTS.endingWeeks}).`, example: 8 }),
    weeklyDigest: z.boolean().openapi({ description: 'Whether each case manager gets a weekly e-mail with the signals of their young people (default on).' }),
  })
  .openapi('AftercareSettings');
