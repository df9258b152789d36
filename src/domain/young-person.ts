// The young person's own voice on their own page (issue 13): what they write beside their plan
// (table young_person_notes, migration 0019), and the words their data export uses for the
// progress recorded beside the plan (plan_progress.kind). These are the young person's words (B1);
// the staff app's, for the same codes, are PLAN_PROGRESS_KINDS and LEGAL_FRAMEWORKS in aftercare.ts.
import { codesOf } from './code-list.js';

/** What a young person wrote (young_person_notes.kind). */
export const NOTE_KINDS = {
  'goal-note': { nl: 'Opmerking bij een doel', en: 'Note on a goal' },
  'review-topic': { nl: 'Wil ik bespreken bij de volgende evaluatie', en: 'To discuss at the next review' },
  help: { nl: 'Vraag om hulp', en: 'Request for help' },
} as const;
export const NOTE_KIND_CODES = codesOf(NOTE_KINDS);
export type NoteKind = (typeof NOTE_KIND_CODES)[number];

/** What a progress record is about (plan_progress.kind), as the young person reads it in their export. */
export const PROGRESS_KINDS = {
  goal: { nl: 'Doel', en: 'Goal' },
  commitment: { nl: 'Afspraak', en: 'Commitment' },
  condition: { nl: 'Voorwaarde', en: 'Condition' },
  risk: { nl: 'Signaal dat het minder gaat', en: 'Sign that things are going less well' },
  'risk-action': { nl: 'Wat er gedaan is na een signaal', en: 'What was done after a sign' },
  checklist: { nl: 'Regelen voor je 18e', en: 'To arrange before you turn 18' },
  framework: { nl: 'Hulp na je 18e', en: 'Help after you turn 18' },
} as const;

/** The most characters of what a young person writes (the database's CHECK says the same). */
export const NOTE_MAX = 2000;

/** The legal framework of the help after 18 (plan_progress.framework), as the export names it. */
export const HELP_FRAMEWORKS = {
  wmo: { nl: 'Wmo (hulp van de gemeente)', en: 'Wmo (support from the municipality)' },
  participatiewet: { nl: 'Participatiewet (werk en inkomen)', en: 'Participation Act (work and income)' },
  zvw: { nl: 'Zorgverzekeringswet', en: 'Health Insurance Act' },
  wlz: { nl: 'Wet langdurige zorg', en: 'Long-term Care Act' },
  none: { nl: 'Geen hulp meer nodig', en: 'No help needed any more' },
} as const;
