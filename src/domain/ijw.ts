// The iJw code lists (iJw 3.2: the message standard of the Youth Act) that agreements, contracts,
// outcomes and indicators share, kept as data in one place so that a new release of the standard is
// one change. Source: shared/domain/REFERENCE.md. Each code has a Dutch and an English label.
import { codesOf } from './code-list.js';

/**
 * Reason for ending (iJw code list JZ588, from a secondary transcription: verify against
 * istandaarden.nl before relying on it in a message exchange).
 */
export const JZ588 = {
  '02': { nl: 'Overlijden', en: 'Death', dropout: false },
  '20': { nl: 'Tijdelijk beëindigd', en: 'Temporarily ended', dropout: false },
  '31': { nl: 'Volgens plan', en: 'As planned', dropout: false },
  '32': { nl: 'Voortijdig, eenzijdig door cliënt', en: 'Early, unilaterally by the client', dropout: true },
  '33': { nl: 'Voortijdig, eenzijdig door aanbieder', en: 'Early, unilaterally by the provider', dropout: false },
  '34': { nl: 'Voortijdig, in overeenstemming', en: 'Early, by agreement', dropout: false },
  '35': { nl: 'Externe omstandigheden', en: 'External circumstances', dropout: false },
  '36': { nl: 'Geïnitieerd door gemeente', en: 'Initiated by the municipality', dropout: false },
  '37': { nl: 'In verband met wijzigingsverzoek', en: 'Because of a change request', dropout: false },
  '38': { nl: 'Overstap naar andere aanbieder', en: 'Moved to another provider', dropout: false },
  '39': { nl: 'Uitstroom naar ander domein', en: 'Moved to another domain', dropout: false },
} as const;
export type Jz588Code = keyof typeof JZ588;
export const JZ588_CODES = codesOf(JZ588);

/** Product categories (iJw JZ020, the ones aftercare uses; verify against istandaarden.nl). */
export const JZ020 = {
  '40': { nl: 'Jeugdhulp ambulant (overig)', en: 'Ambulant youth care (other)' },
  '41': { nl: 'Jeugdhulp crisis (overig)', en: 'Youth care crisis (other)' },
  '43': { nl: 'Verblijf met behandeling', en: 'Stay with treatment' },
  '44': { nl: 'Verblijf zonder behandeling', en: 'Stay without treatment' },
  '45': { nl: 'Jeugdhulp ambulant', en: 'Ambulant youth care' },
  '46': { nl: 'Jeugdhulp crisis', en: 'Youth care crisis' },
  '47': { nl: 'Pleegzorg', en: 'Foster care' },
  '48': { nl: 'Gezinsgericht', en: 'Family-based' },
  '49': { nl: 'Jeugdhulp verblijf (overig)', en: 'Youth care stay (other)' },
  '50': { nl: 'Dagbehandeling', en: 'Day treatment' },
  '51': { nl: 'Kindbehandeling', en: 'Child treatment' },
  '52': { nl: 'Jeugdbescherming', en: 'Child protection' },
  '53': { nl: 'Jeugdreclassering', en: 'Youth probation' },
  '54': { nl: 'Jeugd-GGZ', en: 'Youth mental health' },
  '55': { nl: 'Jeugd-ED (ernstige dyslexie)', en: 'Severe dyslexia' },
} as const;
export type Jz020Code = keyof typeof JZ020;
export const JZ020_CODES = codesOf(JZ020);

/** Execution variants (uitvoeringsvarianten), fixed per product in the contract. */
export const EXECUTION_VARIANTS = {
  effort: { nl: 'Inspanningsgericht', en: 'Effort-based' },
  output: { nl: 'Outputgericht', en: 'Output-based' },
  task: { nl: 'Taakgericht', en: 'Task-based' },
} as const;
export type ExecutionVariant = keyof typeof EXECUTION_VARIANTS;

/** Units (WJ756, verify). */
export const WJ756_UNITS = {
  '01': { nl: 'Minuut', en: 'Minute' },
  '04': { nl: 'Uur', en: 'Hour' },
  '14': { nl: 'Etmaal', en: '24 hours' },
  '16': { nl: 'Dagdeel', en: 'Part of day' },
  '82': { nl: 'Stuks (output)', en: 'Pieces (output)' },
  '83': { nl: 'Euro (in eurocent)', en: 'Euro (in eurocent)' },
  '84': { nl: 'Stuks (inspanning)', en: 'Pieces (effort)' },
} as const;
export type UnitCode = keyof typeof WJ756_UNITS;
export const UNIT_CODES = codesOf(WJ756_UNITS);

/** Frequencies (verify). */
export const FREQUENCIES = {
  '1': { nl: 'Per dag', en: 'Per day' },
  '2': { nl: 'Per week', en: 'Per week' },
  '4': { nl: 'Per maand', en: 'Per month' },
  '6': { nl: 'Totaal binnen geldigheidsduur', en: 'Total within the validity period' },
} as const;
export type FrequencyCode = keyof typeof FREQUENCIES;
export const FREQUENCY_CODES = codesOf(FREQUENCIES);
