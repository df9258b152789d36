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

// ---------------------------------------------------------------- codes people read
// Every code below can reach a person (the signed PDF, the signing page, messages, the young
// person's data export): each has a Dutch and an English label, and `codeLabel` is the one way to
// print one. tests/platform/labels.test.ts checks that every code has both, and that rendered
// outputs show none of the raw codes.

/** A code list: code → Dutch and English label. */
export type CodeList = Readonly<Record<string, { readonly nl: string; readonly en: string }>>;

/** The sections of an agreement template, in the template's order (the headings of the PDF). */
export const AGREEMENT_SECTIONS = {
  introduction: { nl: 'Doorgaande hulp', en: 'Continuing help' },
  goals: { nl: 'Doelen', en: 'Goals' },
  commitments: { nl: 'Afspraken', en: 'Commitments' },
  conditions: { nl: 'Voorwaarden van de hulp', en: 'Conditions of the help' },
  risks: { nl: 'Risico’s op uitval', en: 'Risks of dropping out' },
  network: { nl: 'Netwerk', en: 'Network' },
  turning18: { nl: 'Als je 18 wordt', en: 'When you turn 18' },
  privacy: { nl: 'Privacy', en: 'Privacy' },
} as const;
export type AgreementSectionKey = keyof typeof AGREEMENT_SECTIONS;

/** Who signs (signers.role). */
export const SIGNER_ROLE_LABELS = {
  'young-person': { nl: 'Jongere', en: 'Young person' },
  'legal-representative': { nl: 'Wettelijk vertegenwoordiger', en: 'Legal representative' },
  'municipality-officer': { nl: 'Medewerker namens de gemeente', en: 'Officer for the municipality' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
} as const;

/** Where a signer stands (signers.status). */
export const SIGNER_STATUS_LABELS = {
  waiting: { nl: 'Wacht op zijn of haar beurt', en: 'Waiting for their turn' },
  notified: { nl: 'Link verstuurd', en: 'Link sent' },
  signed: { nl: 'Ondertekend', en: 'Signed' },
  declined: { nl: 'Niet ondertekend', en: 'Declined' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  cancelled: { nl: 'Gestopt', en: 'Cancelled' },
} as const;

/** What happened during signing (signing_events.type). */
export const SIGNING_EVENT_LABELS = {
  sent: { nl: 'Link verstuurd', en: 'Link sent' },
  opened: { nl: 'Link geopend', en: 'Link opened' },
  'code-requested': { nl: 'Code aangevraagd', en: 'Code requested' },
  'code-verified': { nl: 'Code bevestigd', en: 'Code confirmed' },
  'code-failed': { nl: 'Verkeerde code ingevuld', en: 'Wrong code entered' },
  viewed: { nl: 'Afspraken bekeken', en: 'Agreements viewed' },
  signed: { nl: 'Ondertekend', en: 'Signed' },
  declined: { nl: 'Niet ondertekend', en: 'Declined' },
  reminded: { nl: 'Herinnering verstuurd', en: 'Reminder sent' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  cancelled: { nl: 'Gestopt', en: 'Cancelled' },
  completed: { nl: 'Iedereen heeft ondertekend', en: 'Everyone has signed' },
} as const;

/** How a signer was recognised (the link went by SMS or e-mail, the code too). */
export const AUTHENTICATION_LABELS = {
  'link-sms-code': { nl: 'persoonlijke link + eenmalige code per sms', en: 'personal link + one-time code by SMS' },
  'link-email-code': { nl: 'persoonlijke link + eenmalige code per e-mail', en: 'personal link + one-time code by e-mail' },
  link: { nl: 'persoonlijke link', en: 'personal link' },
  'staff-login': { nl: 'inlog medewerker', en: 'staff login' },
} as const;

/** Where the link and code go (signers.channel). */
export const CHANNEL_LABELS = {
  sms: { nl: 'sms', en: 'SMS' },
  email: { nl: 'e-mail', en: 'e-mail' },
} as const;

/** The life of an agreement (agreements.status and agreement_versions.status). */
export const AGREEMENT_STATUS_LABELS = {
  draft: { nl: 'Concept', en: 'Draft' },
  sent: { nl: 'Verstuurd ter ondertekening', en: 'Sent for signature' },
  active: { nl: 'Geldt', en: 'In force' },
  amending: { nl: 'Wordt aangepast', en: 'Being amended' },
  'amendment-sent': { nl: 'Aanpassing verstuurd ter ondertekening', en: 'Amendment sent for signature' },
  completed: { nl: 'Afgerond', en: 'Completed' },
  ended: { nl: 'Beëindigd', en: 'Ended' },
  declined: { nl: 'Niet ondertekend', en: 'Declined' },
  cancelled: { nl: 'Gestopt', en: 'Cancelled' },
  expired: { nl: 'Verlopen', en: 'Expired' },
  signed: { nl: 'Ondertekend', en: 'Signed' },
  superseded: { nl: 'Vervangen door een nieuwere versie', en: 'Replaced by a newer version' },
} as const;

/** Goal terms (plan.goals[].term). */
export const GOAL_TERMS = {
  short: { nl: 'korte termijn', en: 'short term' },
  long: { nl: 'lange termijn', en: 'long term' },
} as const;

/** Goal statuses (plan.goals[].status). */
export const GOAL_STATUSES = {
  open: { nl: 'Nog niet gestart', en: 'Not started' },
  'in-progress': { nl: 'Bezig', en: 'In progress' },
  achieved: { nl: 'Behaald', en: 'Achieved' },
  'not-achieved': { nl: 'Niet behaald', en: 'Not achieved' },
} as const;

/** Who makes a commitment (plan.commitments[].party), when no name is given. */
export const COMMITMENT_PARTIES = {
  'young-person': { nl: 'Jongere', en: 'Young person' },
  municipality: { nl: 'Gemeente', en: 'Municipality' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
  'network-member': { nl: 'Iemand uit het netwerk', en: 'Someone from the network' },
} as const;

/** Kinds of network contact (plan.network[].kind). */
export const NETWORK_KINDS = {
  informal: { nl: 'eigen netwerk', en: 'own network' },
  formal: { nl: 'hulpverlener', en: 'care worker' },
} as const;

/** Where a turning-18 item stands (plan.checklist[].status). */
export const CHECKLIST_STATUSES = {
  todo: { nl: 'Nog regelen', en: 'To arrange' },
  'in-progress': { nl: 'Bezig', en: 'In progress' },
  done: { nl: 'Geregeld', en: 'Arranged' },
  'not-applicable': { nl: 'Niet nodig', en: 'Not needed' },
} as const;

/** What was done with the data, in the processing log (processing_log.action). */
export const PROCESSING_ACTIONS = {
  create: { nl: 'Vastgelegd', en: 'Recorded' },
  read: { nl: 'Bekeken', en: 'Viewed' },
  update: { nl: 'Gewijzigd', en: 'Changed' },
  delete: { nl: 'Verwijderd', en: 'Deleted' },
} as const;

/** Who did it, in the processing log (processing_log.actor_type). */
export const PROCESSING_ACTORS = {
  user: { nl: 'Een medewerker', en: 'A staff member' },
  'api-key': { nl: 'Een gekoppeld systeem', en: 'A connected system' },
  system: { nl: 'Vervolg zelf (automatisch)', en: 'Vervolg itself (automatically)' },
  anonymous: { nl: 'Iemand zonder account', en: 'Someone without an account' },
  signer: { nl: 'Een ondertekenaar, via de eigen link', en: 'A signer, through their own link' },
} as const;

/**
 * The operations that touch an agreement, as the young person reads them in their export
 * (processing_log.operation). One that is not listed is described by its action instead.
 */
export const PROCESSING_OPERATIONS = {
  createAgreement: { nl: 'Afspraken aangemaakt', en: 'Agreement created' },
  listAgreements: { nl: 'Lijst van afspraken bekeken', en: 'List of agreements viewed' },
  getAgreement: { nl: 'Afspraken bekeken', en: 'Agreement viewed' },
  updateAgreement: { nl: 'Afspraken gewijzigd', en: 'Agreement changed' },
  sendAgreement: { nl: 'Afspraken verstuurd ter ondertekening', en: 'Agreement sent for signature' },
  cancelAgreement: { nl: 'Ondertekening gestopt', en: 'Signing cancelled' },
  endAgreement: { nl: 'Afspraken beëindigd', en: 'Agreement ended' },
  completeAgreement: { nl: 'Afspraken afgerond', en: 'Agreement completed' },
  amendAgreement: { nl: 'Aanpassing van de afspraken gemaakt', en: 'Amendment of the agreement made' },
  listAgreementVersions: { nl: 'Versies van de afspraken bekeken', en: 'Versions of the agreement viewed' },
  getAgreementVersion: { nl: 'Een versie van de afspraken bekeken', en: 'A version of the agreement viewed' },
  listSigners: { nl: 'Ondertekenaars bekeken', en: 'Signers viewed' },
  listSigningEvents: { nl: 'Verloop van de ondertekening bekeken', en: 'Signing history viewed' },
  remindSigner: { nl: 'Herinnering verstuurd', en: 'Reminder sent' },
  getSignedDocument: { nl: 'Ondertekend document gedownload', en: 'Signed document downloaded' },
  openSigningLink: { nl: 'Ondertekenlink gebruikt terwijl dat niet kon', en: 'Signing link used when it could not be' },
  exportYoungPersonData: { nl: 'Jouw gegevens gedownload', en: 'Your data downloaded' },
} as const;

/** The label of a code in a list, in the locale; a code the list doesn't know prints as given. */
export function codeLabel(list: CodeList, code: string, locale: 'nl' | 'en'): string {
  return Object.hasOwn(list, code) ? (list[code] as { nl: string; en: string })[locale] : code;
}

/** Every code list above that people read, by name (for the labels test). */
export const PERSON_FACING_CODE_LISTS: Readonly<Record<string, CodeList>> = {
  LIFE_DOMAINS,
  TURNING_18_ITEMS,
  JZ588,
  JZ020,
  EXECUTION_VARIANTS,
  WJ756_UNITS,
  FREQUENCIES,
  OUTCOME_INDICATORS,
  AGREEMENT_SECTIONS,
  SIGNER_ROLE_LABELS,
  SIGNER_STATUS_LABELS,
  SIGNING_EVENT_LABELS,
  AUTHENTICATION_LABELS,
  CHANNEL_LABELS,
  AGREEMENT_STATUS_LABELS,
  GOAL_TERMS,
  GOAL_STATUSES,
  COMMITMENT_PARTIES,
  NETWORK_KINDS,
  CHECKLIST_STATUSES,
  PROCESSING_ACTIONS,
  PROCESSING_ACTORS,
  PROCESSING_OPERATIONS,
};
