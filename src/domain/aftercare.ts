// The vocabulary of aftercare after signing (issue 13): what a case manager records beside the
// signed plan, append-only. What was signed never changes; progress lives next to it.
// Source: shared/domain/REFERENCE.md, "Aftercare after signing".
import { codesOf } from './code-list.js';

/**
 * A contact moment with the young person. `reached` says whether it counts as contact for the
 * "no contact for N weeks" signal: a no-show or not being reachable is recorded, but is no contact.
 */
export const CONTACT_KINDS = {
  'face-to-face': { nl: 'Gesprek', en: 'Face-to-face meeting' },
  'home-visit': { nl: 'Huisbezoek', en: 'Home visit' },
  phone: { nl: 'Telefoongesprek', en: 'Phone call' },
  message: { nl: 'Bericht (app, sms of e-mail)', en: 'Message (app, text or e-mail)' },
  'no-show': { nl: 'Niet op de afspraak gekomen', en: 'Did not show up' },
  'not-reachable': { nl: 'Niet bereikbaar', en: 'Could not be reached' },
} as const;
export const CONTACT_KIND_CODES = codesOf(CONTACT_KINDS);
export type ContactKind = (typeof CONTACT_KIND_CODES)[number];

/** Whether a contact moment of this kind means the young person was actually reached. */
export const REACHED_KINDS: readonly ContactKind[] = ['face-to-face', 'home-visit', 'phone', 'message'];

/** Who took part in a review meeting (evaluatie) of the plan; a meeting has at least one. */
export const REVIEW_PARTICIPANTS = {
  'young-person': { nl: 'De jongere', en: 'The young person' },
  network: { nl: 'Iemand uit het eigen netwerk', en: 'Someone from their own network' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
  'case-manager': { nl: 'Casemanager', en: 'Case manager' },
  other: { nl: 'Iemand anders', en: 'Someone else' },
} as const;
export const REVIEW_PARTICIPANT_CODES = codesOf(REVIEW_PARTICIPANTS);
export type ReviewParticipant = (typeof REVIEW_PARTICIPANT_CODES)[number];

/**
 * The legal framework the help continues under after the 18th birthday (the warm handover from
 * the Jeugdwet), recorded on the living plan (plan_progress.framework).
 */
export const LEGAL_FRAMEWORKS = {
  wmo: { nl: 'Wmo 2015 (Wet maatschappelijke ondersteuning)', en: 'Wmo 2015 (Social Support Act)' },
  participatiewet: { nl: 'Participatiewet (werk en inkomen)', en: 'Participatiewet (Participation Act: work and income)' },
  zvw: { nl: 'Zorgverzekeringswet (Zvw)', en: 'Zorgverzekeringswet (Health Insurance Act)' },
  wlz: { nl: 'Wet langdurige zorg (Wlz)', en: 'Wet langdurige zorg (Long-term Care Act)' },
  none: { nl: 'Geen hulp meer nodig na 18', en: 'No help needed after 18' },
} as const;
export const LEGAL_FRAMEWORK_CODES = codesOf(LEGAL_FRAMEWORKS);
export type LegalFramework = (typeof LEGAL_FRAMEWORK_CODES)[number];

/** Whether a commitment or condition was kept (plan_progress.kept). */
export const KEPT_LABELS = {
  kept: { nl: 'Nagekomen', en: 'Kept' },
  'not-kept': { nl: 'Niet nagekomen', en: 'Not kept' },
} as const;
export const keptLabel = (kept: boolean) => KEPT_LABELS[kept ? 'kept' : 'not-kept'];

/** The kinds of progress on the living plan (plan_progress.kind). */
export const PLAN_PROGRESS_KINDS = {
  goal: { nl: 'Doel', en: 'Goal' },
  commitment: { nl: 'Afspraak', en: 'Commitment' },
  condition: { nl: 'Voorwaarde', en: 'Condition' },
  risk: { nl: 'Signaal van een risico', en: 'Risk signal' },
  'risk-action': { nl: 'Actie op een signaal', en: 'Action on a signal' },
  checklist: { nl: 'Als je 18 wordt', en: 'Turning 18' },
  framework: { nl: 'Wettelijk kader na 18', en: 'Legal framework after 18' },
} as const;
export const PLAN_PROGRESS_KIND_CODES = codesOf(PLAN_PROGRESS_KINDS);
export type PlanProgressKind = (typeof PLAN_PROGRESS_KIND_CODES)[number];
