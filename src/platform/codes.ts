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
