// The vocabulary of barriers (issue 13, "what stands in the way"): the conditions that get in the
// way of aftercare ('randvoorwaarden die de uitvoering belemmeren', guideline, organisation level),
// recorded per young person and published only as aggregates with small-number suppression.
// Source: shared/domain/REFERENCE.md, "Aftercare after signing", Barriers; db/migrations/0020 has
// the same codes in its CHECKs. Product categories are the JZ020 list of ./ijw.ts.
import { codesOf } from './code-list.js';

/** What stood in the way. `hint` is the explanation a case manager reads beside the choice. */
export const BARRIER_KINDS = {
  'not-available': {
    nl: 'Hulp nodig maar niet beschikbaar',
    en: 'Help needed but not available',
    hint: { nl: 'Bijvoorbeeld geen passende woonruimte of begeleid wonen.', en: 'For example no suitable housing or supported living.' },
  },
  'waiting-list': {
    nl: 'Wachtlijst voor hulp',
    en: 'Waiting list for help',
    hint: { nl: 'Een wachtlijst voor een interventie, zoals MDFT, MST of IAG. Vul de wachttijd in als u die weet.', en: 'A waiting list for an intervention, such as MDFT, MST or IAG. Enter the waiting time if you know it.' },
  },
  'no-provider': {
    nl: 'Geen gecontracteerde aanbieder',
    en: 'No contracted provider',
    hint: { nl: 'Voor dit product heeft de gemeente geen aanbieder gecontracteerd.', en: 'The municipality has no contracted provider for this product.' },
  },
  'unclear-perspective': {
    nl: 'Onduidelijk perspectief',
    en: 'Unclear perspective',
    hint: { nl: 'Niet duidelijk waar de jongere na de hulp gaat wonen, leren of werken.', en: 'It is not clear where the young person will live, learn or work after the help.' },
  },
  'no-phasing': {
    nl: 'Geen voorbereiding op vertrek',
    en: 'No preparation for leaving',
    hint: { nl: 'Er is niet stap voor stap naar het vertrek uit de zorg toegewerkt.', en: 'Leaving care was not prepared for step by step.' },
  },
  'chain-cooperation': {
    nl: 'Samenwerking in de keten liep vast',
    en: 'Chain cooperation failed',
    hint: { nl: 'Kies ook met welke partner: school, Wmo, woningcorporatie, schuldhulp of een andere.', en: 'Also choose with which partner: school, Wmo, housing corporation, debt counselling or another.' },
  },
} as const;
export const BARRIER_KIND_CODES = codesOf(BARRIER_KINDS);
export type BarrierKind = (typeof BARRIER_KIND_CODES)[number];

/** The partner in the chain with whom cooperation failed (only with kind chain-cooperation). */
export const CHAIN_PARTNERS = {
  school: { nl: 'School of opleiding', en: 'School or training' },
  wmo: { nl: 'Wmo (gemeentelijke ondersteuning)', en: 'Wmo (municipal social support)' },
  'housing-corporation': { nl: 'Woningcorporatie', en: 'Housing corporation' },
  'debt-counselling': { nl: 'Schuldhulpverlening', en: 'Debt counselling' },
  other: { nl: 'Een andere partner', en: 'Another partner' },
} as const;
export const CHAIN_PARTNER_CODES = codesOf(CHAIN_PARTNERS);
export type ChainPartner = (typeof CHAIN_PARTNER_CODES)[number];

/** The one kind that names a partner: partner is required with it and refused with any other. */
export const PARTNER_KIND: BarrierKind = 'chain-cooperation';

/** What the barrier report can be grouped by (at most two, the second within the first). */
export const BARRIER_GROUPINGS = {
  kind: { nl: 'Soort belemmering', en: 'Kind of barrier' },
  'product-category': { nl: 'Productcategorie', en: 'Product category' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
  quarter: { nl: 'Kwartaal', en: 'Quarter' },
} as const;
export const BARRIER_GROUPING_CODES = codesOf(BARRIER_GROUPINGS);
export type BarrierGrouping = (typeof BARRIER_GROUPING_CODES)[number];
