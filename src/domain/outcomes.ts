// The outcome vocabulary: who gave a satisfaction grade, the follow-up questions 3 and 12 months
// after departure, and the outcome indicators that contracts set targets for and that the
// indicators module reports. Sources: shared/domain/REFERENCE.md (VNG/NJi harmonised set, CBS).
import { codesOf } from './code-list.js';

/** Who gave a satisfaction grade. */
export const INFORMANTS = ['young-person', 'parent', 'other'] as const;
export type Informant = (typeof INFORMANTS)[number];

/**
 * Follow-up domains, 3 and 12 months after departure (as CBS studied for 17–23-year-olds).
 * Each answer is `favourable` or not: the indicator is the share of favourable answers.
 */
export const FOLLOW_UP_DOMAINS = {
  housing: {
    nl: 'Wonen',
    en: 'Housing',
    answers: {
      independent: { nl: 'Zelfstandig', en: 'Independently', favourable: true },
      'with-family': { nl: 'Bij ouders of familie', en: 'With parents or family', favourable: true },
      'supported-living': { nl: 'Begeleid wonen', en: 'Supported living', favourable: true },
      institution: { nl: 'Instelling', en: 'Institution', favourable: false },
      homeless: { nl: 'Dak- of thuisloos', en: 'Homeless', favourable: false },
      unknown: { nl: 'Onbekend', en: 'Unknown', favourable: false },
    },
  },
  educationWork: {
    nl: 'Onderwijs en werk',
    en: 'Education and work',
    answers: {
      education: { nl: 'Volgt onderwijs', en: 'In education', favourable: true },
      work: { nl: 'Heeft werk', en: 'In work', favourable: true },
      both: { nl: 'Onderwijs en werk', en: 'Education and work', favourable: true },
      neither: { nl: 'Geen van beide', en: 'Neither', favourable: false },
      unknown: { nl: 'Onbekend', en: 'Unknown', favourable: false },
    },
  },
  incomeDebts: {
    nl: 'Inkomen en schulden',
    en: 'Income and debts',
    answers: {
      'income-no-debts': { nl: 'Inkomen, geen schulden', en: 'Income, no debts', favourable: true },
      'income-managed-debts': { nl: 'Inkomen, schulden onder controle', en: 'Income, debts under control', favourable: true },
      'problematic-debts': { nl: 'Problematische schulden', en: 'Problematic debts', favourable: false },
      'no-income': { nl: 'Geen inkomen', en: 'No income', favourable: false },
      unknown: { nl: 'Onbekend', en: 'Unknown', favourable: false },
    },
  },
  network: {
    nl: 'Netwerk',
    en: 'Network',
    answers: {
      supportive: { nl: 'Steunend netwerk', en: 'Supportive network', favourable: true },
      limited: { nl: 'Beperkt netwerk', en: 'Limited network', favourable: false },
      none: { nl: 'Geen netwerk', en: 'No network', favourable: false },
      unknown: { nl: 'Onbekend', en: 'Unknown', favourable: false },
    },
  },
} as const;
export type FollowUpDomain = keyof typeof FOLLOW_UP_DOMAINS;
export const FOLLOW_UP_MOMENTS = [3, 12] as const;
export type FollowUpMoment = (typeof FOLLOW_UP_MOMENTS)[number];

/**
 * The outcome indicators (VNG/NJi harmonised set plus the aftercare follow-up), as ids used in
 * contract targets and indicator results. `unit` says how a value reads: a percentage 0–100 or a
 * mean grade 1–10.
 */
export const OUTCOME_INDICATORS = {
  dropout: { nl: 'Uitval', en: 'Dropout', unit: 'percent' },
  satisfaction: { nl: 'Cliënttevredenheid (gemiddeld cijfer)', en: 'Client satisfaction (mean grade)', unit: 'grade' },
  'can-continue-without-help': { nl: 'Kan verder zonder hulp', en: 'Can continue without help', unit: 'percent' },
  'no-new-start-6-months': { nl: 'Geen nieuwe start jeugdhulp binnen 6 maanden', en: 'No new start of youth care within 6 months', unit: 'percent' },
  'goals-achieved': { nl: 'Afgesproken doelen bereikt', en: 'Agreed goals achieved', unit: 'percent' },
  'follow-up-3-housing': { nl: 'Na 3 maanden: wonen op orde', en: 'After 3 months: housing in order', unit: 'percent' },
  'follow-up-3-education-work': { nl: 'Na 3 maanden: onderwijs of werk', en: 'After 3 months: education or work', unit: 'percent' },
  'follow-up-3-income-debts': { nl: 'Na 3 maanden: inkomen, schulden onder controle', en: 'After 3 months: income, debts under control', unit: 'percent' },
  'follow-up-3-network': { nl: 'Na 3 maanden: steunend netwerk', en: 'After 3 months: supportive network', unit: 'percent' },
  'follow-up-3-no-new-youth-care': { nl: 'Na 3 maanden: geen nieuwe jeugdhulp', en: 'After 3 months: no new youth care', unit: 'percent' },
  'follow-up-12-housing': { nl: 'Na 12 maanden: wonen op orde', en: 'After 12 months: housing in order', unit: 'percent' },
  'follow-up-12-education-work': { nl: 'Na 12 maanden: onderwijs of werk', en: 'After 12 months: education or work', unit: 'percent' },
  'follow-up-12-income-debts': { nl: 'Na 12 maanden: inkomen, schulden onder controle', en: 'After 12 months: income, debts under control', unit: 'percent' },
  'follow-up-12-network': { nl: 'Na 12 maanden: steunend netwerk', en: 'After 12 months: supportive network', unit: 'percent' },
  'follow-up-12-no-new-youth-care': { nl: 'Na 12 maanden: geen nieuwe jeugdhulp', en: 'After 12 months: no new youth care', unit: 'percent' },
} as const;
export type OutcomeIndicator = keyof typeof OUTCOME_INDICATORS;
export const OUTCOME_INDICATOR_CODES = codesOf(OUTCOME_INDICATORS);
