// Dutch and English texts of the agreement PDF. Dates and times are written by platform/dates.ts
// (the same words as every page and e-mail, times in Dutch time; month names are written out there,
// so the output stays byte-identical for the same input).
// The labels of codes (life domains, statuses, roles, events, …) come from src/domain, the one
// place for them; this file holds the PDF's own wording.
import { AGREEMENT_SECTIONS, CHECKLIST_STATUSES, COMMITMENT_PARTIES, GOAL_STATUSES, GOAL_TERMS, LIFE_DOMAINS, TURNING_18_ITEMS } from '../../../domain/agreement.js';
import type { CodeList, Locale } from '../../../domain/code-list.js';
import { AUTHENTICATION_LABELS, SIGNER_ROLE_LABELS, SIGNING_EVENT_LABELS } from '../../../domain/signing.js';
import { formatDate as formatDay, formatDateTime } from '../../../platform/dates.js';

/** A code list in one language. */
const pick = (list: CodeList, locale: Locale): Record<string, string> => Object.fromEntries(Object.entries(list).map(([code, l]) => [code, l[locale]]));

export interface Labels {
  agreementSubtitle: string;
  youngPerson: string;
  dateOfBirth: string;
  municipality: string;
  caseManager: string;
  departureDate: string;
  aftercareStart: string;
  agreementId: string;
  version: string;
  sentAt: string;
  goals: string;
  shortTermGoals: string;
  longTermGoals: string;
  goal: string;
  targetDate: string;
  status: string;
  commitments: string;
  conditions: string;
  conditionsIntro: string;
  consequence: string;
  risks: string;
  risksIntro: string;
  signals: string;
  actions: string;
  who: string;
  network: string;
  practicalSupport: string;
  phone: string;
  email: string;
  turning18: string;
  owner: string;
  note: string;
  reviewMoments: string;
  participants: string;
  signatures: string;
  signaturesIntro: string;
  typedName: string;
  signedAt: string;
  drawnSignatureMissing: string;
  certificate: string;
  certificateIntro: string;
  documentLabel: string;
  contentSha256: string;
  contentSha256Note: string;
  completedAt: string;
  signer: string;
  role: string;
  authentication: string;
  consentSha256: string;
  events: string;
  documentEvents: string;
  noEvents: string;
  ip: string;
  userAgent: string;
  verifyAt: string;
  sealNote: string;
  page: (n: number, total: number) => string;
  none: string;
  lifeDomains: Record<string, string>;
  goalStatus: Record<string, string>;
  goalTerms: Record<string, string>;
  checklistStatus: Record<string, string>;
  checklistItems: Record<string, string>;
  parties: Record<string, string>;
  sections: Record<string, string>;
  roles: Record<string, string>;
  authMethods: Record<string, string>;
  eventTypes: Record<string, string>;
  months: readonly string[];
}

function codeLabels(locale: Locale) {
  return {
    lifeDomains: pick(LIFE_DOMAINS, locale),
    goalStatus: pick(GOAL_STATUSES, locale),
    goalTerms: pick(GOAL_TERMS, locale),
    checklistStatus: pick(CHECKLIST_STATUSES, locale),
    checklistItems: pick(TURNING_18_ITEMS, locale),
    parties: pick(COMMITMENT_PARTIES, locale),
    sections: pick(AGREEMENT_SECTIONS, locale),
    roles: pick(SIGNER_ROLE_LABELS, locale),
    authMethods: pick(AUTHENTICATION_LABELS, locale),
    eventTypes: pick(SIGNING_EVENT_LABELS, locale),
  };
}

const nl: Labels = {
  agreementSubtitle: 'Jongerenovereenkomst nazorg',
  youngPerson: 'Jongere',
  dateOfBirth: 'Geboortedatum',
  municipality: 'Gemeente',
  caseManager: 'Casemanager',
  departureDate: 'Vertrek uit de jeugdhulp',
  aftercareStart: 'Start nazorg',
  agreementId: 'Overeenkomst',
  version: 'Versie',
  sentAt: 'Verstuurd ter ondertekening',
  goals: 'Doelen',
  shortTermGoals: 'Doelen op korte termijn',
  longTermGoals: 'Doelen op lange termijn',
  goal: 'Doel',
  targetDate: 'Streefdatum',
  status: 'Status',
  commitments: 'Afspraken',
  conditions: 'Voorwaarden',
  conditionsIntro: 'De hulp in deze overeenkomst is voorwaardelijk. Dit zijn de voorwaarden, en wat er gebeurt als een voorwaarde niet wordt nagekomen.',
  consequence: 'Als dit niet lukt',
  risks: 'Signaleringsplan',
  risksIntro: 'Wat kan ervoor zorgen dat de hulp stopt, waaraan merken we dat, en wat doen we dan?',
  signals: 'Signalen',
  actions: 'Wat we dan doen',
  who: 'Wie',
  network: 'Netwerk',
  practicalSupport: 'vast steunpunt voor praktische zaken',
  phone: 'Telefoon',
  email: 'E-mail',
  turning18: 'Checklist 18 jaar',
  owner: 'Wie regelt het',
  note: 'Toelichting',
  reviewMoments: 'Evaluatiemomenten',
  participants: 'Deelnemers',
  signatures: 'Ondertekening',
  signaturesIntro: 'Door te ondertekenen verklaren de ondertekenaars dat zij deze overeenkomst hebben gelezen en ermee instemmen.',
  typedName: 'Getypte naam',
  signedAt: 'Ondertekend op',
  drawnSignatureMissing: '(de getekende handtekening kon niet worden weergegeven)',
  certificate: 'Certificaat van ondertekening',
  certificateIntro: 'Dit certificaat hoort bij de overeenkomst hierboven. Het legt vast wie heeft ondertekend, hoe zij zijn herkend en wat er met het document is gebeurd.',
  documentLabel: 'Document',
  contentSha256: 'SHA-256 van de inhoud zoals verstuurd',
  contentSha256Note: 'Vingerafdruk van de inhoud van deze versie op het moment van versturen.',
  completedAt: 'Ondertekening voltooid',
  signer: 'Ondertekenaar',
  role: 'Rol',
  authentication: 'Herkend via',
  consentSha256: 'SHA-256 van de getoonde toestemmingstekst',
  events: 'Gebeurtenissen',
  documentEvents: 'Gebeurtenissen van het document',
  noEvents: 'Geen gebeurtenissen vastgelegd.',
  ip: 'IP-adres',
  userAgent: 'Browser',
  verifyAt: 'Controleer dit document op',
  sealNote: 'Dit PDF-bestand is digitaal verzegeld door Vervolg (PAdES). Elke wijziging na het verzegelen maakt het zegel ongeldig.',
  page: (n, total) => `pagina ${n} van ${total}`,
  none: '—',
  ...codeLabels('nl'),
  months: ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'],
};

const en: Labels = {
  agreementSubtitle: 'Aftercare youth agreement',
  youngPerson: 'Young person',
  dateOfBirth: 'Date of birth',
  municipality: 'Municipality',
  caseManager: 'Case manager',
  departureDate: 'Departure from youth care',
  aftercareStart: 'Aftercare starts',
  agreementId: 'Agreement',
  version: 'Version',
  sentAt: 'Sent for signature',
  goals: 'Goals',
  shortTermGoals: 'Short-term goals',
  longTermGoals: 'Long-term goals',
  goal: 'Goal',
  targetDate: 'Target date',
  status: 'Status',
  commitments: 'Commitments',
  conditions: 'Conditions',
  conditionsIntro: 'The help in this agreement is conditional. These are the conditions, and what happens when one is not met.',
  consequence: 'If this does not work out',
  risks: 'Early-warning plan',
  risksIntro: 'What could make the help stop, how do we notice it, and what do we do then?',
  signals: 'Signals',
  actions: 'What we do then',
  who: 'Who',
  network: 'Network',
  practicalSupport: 'go-to person for practical matters',
  phone: 'Phone',
  email: 'E-mail',
  turning18: 'Turning-18 checklist',
  owner: 'Who arranges it',
  note: 'Note',
  reviewMoments: 'Review moments',
  participants: 'Participants',
  signatures: 'Signatures',
  signaturesIntro: 'By signing, the signers declare that they have read this agreement and agree to it.',
  typedName: 'Typed name',
  signedAt: 'Signed at',
  drawnSignatureMissing: '(the drawn signature could not be shown)',
  certificate: 'Signing certificate',
  certificateIntro: 'This certificate belongs to the agreement above. It records who signed, how they were authenticated, and what happened to the document.',
  documentLabel: 'Document',
  contentSha256: 'SHA-256 of the content as sent',
  contentSha256Note: 'Fingerprint of this version’s content at the moment it was sent.',
  completedAt: 'Signing completed',
  signer: 'Signer',
  role: 'Role',
  authentication: 'Authenticated by',
  consentSha256: 'SHA-256 of the consent text shown',
  events: 'Events',
  documentEvents: 'Document events',
  noEvents: 'No events recorded.',
  ip: 'IP address',
  userAgent: 'Browser',
  verifyAt: 'Verify this document at',
  sealNote: 'This PDF file is digitally sealed by Vervolg (PAdES). Any change after sealing invalidates the seal.',
  page: (n, total) => `page ${n} of ${total}`,
  none: '—',
  ...codeLabels('en'),
  months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

export function labelsFor(locale: Locale): Labels {
  return locale === 'en' ? en : nl;
}

/** A label from a code list, or the code itself when the list doesn't know it. */
export function label(list: Record<string, string>, key: string): string {
  return Object.hasOwn(list, key) ? (list[key] as string) : key;
}

/** 'YYYY-MM-DD' → '14 maart 2026' / '14 March 2026' (an instant: its day in Amsterdam); anything else as given. */
export function formatDate(value: string | null | undefined, labels: Labels): string {
  if (!value) return labels.none;
  return formatDay(value, labels === en ? 'en' : 'nl');
}

/** An RFC 3339 instant → '14 maart 2026, 11:22:31' in Dutch time (seconds: the certificate is evidence). */
export function formatInstant(value: string | null | undefined, labels: Labels): string {
  if (!value) return labels.none;
  return formatDateTime(value, labels === en ? 'en' : 'nl', { seconds: true });
}
