// The signals that a young person is slipping out of view or that something is due (issue 13,
// "keeping every young person in view"). Computed in the database (aftercare_signals in
// db/functions/12_aftercare.sql, from aftercare_state); this is their vocabulary, the order of
// urgency in which the caseload shows them, and the municipal settings' defaults.
// Source: shared/domain/REFERENCE.md, "Aftercare after signing".
import { codesOf } from './code-list.js';

export const SIGNALS = {
  'signing-stuck': { nl: 'Ondertekening loopt vast', en: 'Signing is stuck' },
  'help-asked': { nl: 'Jongere vraagt om hulp', en: 'Young person asks for help' },
  'risk-without-action': { nl: 'Risicosignaal zonder actie', en: 'Risk signal without action' },
  'no-contact': { nl: 'Geen contact', en: 'No contact' },
  'condition-not-kept': { nl: 'Voorwaarde niet nagekomen', en: 'Condition not kept' },
  'review-overdue': { nl: 'Evaluatie te laat', en: 'Review overdue' },
  'turning-18': { nl: 'Wordt 18: overgang regelen', en: 'Turning 18: arrange the handover' },
  'follow-up-due': { nl: 'Nameting nodig', en: 'Follow-up due' },
  'aftercare-ending': { nl: 'Nazorg stopt bijna', en: 'Aftercare ends soon' },
} as const;
export const SIGNAL_CODES = codesOf(SIGNALS);
export type SignalCode = (typeof SIGNAL_CODES)[number];

/** Most urgent first: what the caseload puts on top (0 = act today). */
export const SIGNAL_URGENCY: Record<SignalCode, number> = {
  'signing-stuck': 0,
  'help-asked': 1,
  'risk-without-action': 2,
  'no-contact': 3,
  'condition-not-kept': 3,
  'review-overdue': 3,
  'turning-18': 4,
  'follow-up-due': 4,
  'aftercare-ending': 4,
};

/** The municipal settings of the signals, and their defaults (judgement, not law). */
export const SIGNAL_SETTING_DEFAULTS = { noContactWeeks: 6, endingWeeks: 8, weeklyDigest: true } as const;

/** Help under the Jeugdwet may continue until this age (Jeugdwet art. 1.1); a young person is in view until then. */
export const IN_VIEW_UNTIL_AGE = 23;
