// Code lists, kept as data in one place so that a new release of a standard is one change.
// Sources: shared/domain/REFERENCE.md (iJw 3.2, NJi, municipal 18-/18+ checklists).

/** Life domains for goals (NJi toekomstplan / perspectiefplan). */
export const LIFE_DOMAINS = {
  housing: { nl: 'Wonen', en: 'Housing' },
  education: { nl: 'Onderwijs', en: 'Education' },
  'work-day-activity': { nl: 'Werk en dagbesteding', en: 'Work and day activity' },
  'income-debts': { nl: 'Geld en schulden', en: 'Income and debts' },
  'social-network': { nl: 'Sociaal netwerk', en: 'Social network' },
  health: { nl: 'Gezondheid', en: 'Health' },
  leisure: { nl: 'Vrije tijd', en: 'Leisure' },
  justice: { nl: 'Justitie', en: 'Justice' },
  'practical-affairs': { nl: 'Praktische zaken', en: 'Practical affairs' },
} as const;
export type LifeDomain = keyof typeof LIFE_DOMAINS;
export const LIFE_DOMAIN_CODES = Object.keys(LIFE_DOMAINS) as [LifeDomain, ...LifeDomain[]];

/** What has to be arranged around the 18th birthday. */
export const TURNING_18_ITEMS = {
  digid: { nl: 'DigiD aanvragen', en: 'Apply for DigiD' },
  'health-insurance': { nl: 'Zorgverzekering afsluiten (en eigen risico regelen)', en: 'Take out health insurance (and arrange the deductible)' },
  allowances: { nl: 'Toeslagen aanvragen (zorgtoeslag, huurtoeslag)', en: 'Apply for allowances (healthcare, rent)' },
  'bank-account': { nl: 'Eigen bankrekening', en: 'Own bank account' },
  'student-finance': { nl: 'Studiefinanciering en studentenreisproduct (DUO)', en: 'Student finance and student travel product (DUO)' },
  'house-seeker-registration': { nl: 'Inschrijven als woningzoekende', en: 'Register as a house seeker' },
  insurance: { nl: 'Aansprakelijkheids- en inboedelverzekering', en: 'Liability and contents insurance' },
  'tax-return': { nl: 'Belastingaangifte', en: 'Tax return' },
  'child-support': { nl: 'Kinderbijslag en onderhoud', en: 'Child benefit and maintenance' },
} as const;
export type Turning18Item = keyof typeof TURNING_18_ITEMS;
export const TURNING_18_CODES = Object.keys(TURNING_18_ITEMS) as [Turning18Item, ...Turning18Item[]];

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
export const JZ588_CODES = Object.keys(JZ588) as [Jz588Code, ...Jz588Code[]];

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
export const JZ020_CODES = Object.keys(JZ020) as [Jz020Code, ...Jz020Code[]];

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
export const UNIT_CODES = Object.keys(WJ756_UNITS) as [UnitCode, ...UnitCode[]];

/** Frequencies (verify). */
export const FREQUENCIES = {
  '1': { nl: 'Per dag', en: 'Per day' },
  '2': { nl: 'Per week', en: 'Per week' },
  '4': { nl: 'Per maand', en: 'Per month' },
  '6': { nl: 'Totaal binnen geldigheidsduur', en: 'Total within the validity period' },
} as const;
export type FrequencyCode = keyof typeof FREQUENCIES;
export const FREQUENCY_CODES = Object.keys(FREQUENCIES) as [FrequencyCode, ...FrequencyCode[]];

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
export const OUTCOME_INDICATOR_CODES = Object.keys(OUTCOME_INDICATORS) as [OutcomeIndicator, ...OutcomeIndicator[]];
