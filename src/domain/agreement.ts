// The vocabulary of a youth agreement, defined once: the code lists of its plan (life domains,
// goal terms and statuses, commitment parties, network kinds, the turning-18 checklist), the
// sections of its template, its statuses, the plan's zod schemas, and what a version freezes when
// it is sent for signature (FrozenContent). The API (modules/agreements/schemas.ts), the signing
// page and the signed PDF (modules/signing) all use these; the types are inferred from the schemas.
// Sources: shared/domain/REFERENCE.md (NJi toekomstplan, municipal 18-/18+ checklists).
//
// The domain imports nothing of the platform but the storable-text schemas (platform/text.ts, a
// leaf that imports only zod): a client's text in the plan must refuse what PostgreSQL cannot store.
import { z } from '@hono/zod-openapi';
import { email, text as anyText } from '../platform/text.js';
import { codesOf, type Label } from './code-list.js';

// ---------------------------------------------------------------- code lists

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
export const LIFE_DOMAIN_CODES = codesOf(LIFE_DOMAINS);
export const LifeDomain = z.enum(LIFE_DOMAIN_CODES);
export type LifeDomain = z.infer<typeof LifeDomain>;

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
export const TURNING_18_CODES = codesOf(TURNING_18_ITEMS);
export const Turning18Item = z.enum(TURNING_18_CODES);
export type Turning18Item = z.infer<typeof Turning18Item>;

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
/** The template's section keys, in the template's order. */
export const SECTION_KEYS = codesOf(AGREEMENT_SECTIONS);
export const SectionKey = z.enum(SECTION_KEYS);
export type SectionKey = z.infer<typeof SectionKey>;

/** The life of an agreement (agreements.status). */
export const AGREEMENT_STATUSES = ['draft', 'sent', 'active', 'amending', 'amendment-sent', 'completed', 'ended', 'declined', 'cancelled', 'expired'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
/** The life of a version sent for signature (agreement_versions.status). */
export const AGREEMENT_VERSION_STATUSES = ['sent', 'signed', 'declined', 'cancelled', 'expired', 'superseded'] as const;
export type AgreementVersionStatus = (typeof AGREEMENT_VERSION_STATUSES)[number];

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
} as const satisfies Record<AgreementStatus | AgreementVersionStatus, Label>;

/** Goal terms (plan.goals[].term). */
export const GOAL_TERMS = {
  short: { nl: 'korte termijn', en: 'short term' },
  long: { nl: 'lange termijn', en: 'long term' },
} as const;
export const GoalTerm = z.enum(codesOf(GOAL_TERMS));
export type GoalTerm = z.infer<typeof GoalTerm>;

/** Goal statuses (plan.goals[].status). */
export const GOAL_STATUSES = {
  open: { nl: 'Nog niet gestart', en: 'Not started' },
  'in-progress': { nl: 'Bezig', en: 'In progress' },
  achieved: { nl: 'Behaald', en: 'Achieved' },
  'not-achieved': { nl: 'Niet behaald', en: 'Not achieved' },
} as const;
export const GoalStatus = z.enum(codesOf(GOAL_STATUSES));
export type GoalStatus = z.infer<typeof GoalStatus>;

/** Who makes a commitment (plan.commitments[].party), when no name is given. */
export const COMMITMENT_PARTIES = {
  'young-person': { nl: 'Jongere', en: 'Young person' },
  municipality: { nl: 'Gemeente', en: 'Municipality' },
  provider: { nl: 'Zorgaanbieder', en: 'Care provider' },
  'network-member': { nl: 'Iemand uit het netwerk', en: 'Someone from the network' },
} as const;
export const CommitmentParty = z.enum(codesOf(COMMITMENT_PARTIES));
export type CommitmentParty = z.infer<typeof CommitmentParty>;

/** Kinds of network contact (plan.network[].kind). */
export const NETWORK_KINDS = {
  informal: { nl: 'eigen netwerk', en: 'own network' },
  formal: { nl: 'hulpverlener', en: 'care worker' },
} as const;
export const NetworkKind = z.enum(codesOf(NETWORK_KINDS));
export type NetworkKind = z.infer<typeof NetworkKind>;

/** Where a turning-18 item stands (plan.checklist[].status). */
export const CHECKLIST_STATUSES = {
  todo: { nl: 'Nog regelen', en: 'To arrange' },
  'in-progress': { nl: 'Bezig', en: 'In progress' },
  done: { nl: 'Geregeld', en: 'Arranged' },
  'not-applicable': { nl: 'Niet nodig', en: 'Not needed' },
} as const;
export const ChecklistStatus = z.enum(codesOf(CHECKLIST_STATUSES));
export type ChecklistStatus = z.infer<typeof ChecklistStatus>;

// ---------------------------------------------------------------- the plan (the API's request and response shape)

/** A client's text: trimmed, not empty, at most `max` characters. */
const text = (max: number) => anyText().trim().min(1).max(max);
export const IsoDate = z.iso.date('Use a date as YYYY-MM-DD.').openapi({ format: 'date', example: '2027-03-01' });

/**
 * The stable id of an item of the plan (a goal, commitment, condition or risk): given by the server
 * when the item has none, and kept as long as the client sends it back, through amendments. Progress
 * recorded after signing and outcome reports refer to it. Items of versions frozen before ids
 * existed are referred to by their position (1, 2, …): planItemRef.
 */
export const ItemId = z.guid().optional().openapi({ description: 'Stable id; given by the server when absent. Send it back to keep the item’s progress.' });

/** How progress and outcome reports refer to an item of a plan: its id, else its position (1, 2, …). */
export const planItemRef = (item: { id?: string | undefined }, index: number): string => item.id ?? String(index + 1);

export const Goal = z
  .object({
    id: ItemId,
    domain: LifeDomain.openapi({ description: 'Life domain (leefgebied).' }),
    term: GoalTerm.openapi({ description: 'short: during the stay; long: the whole trajectory.' }),
    description: text(1000),
    targetDate: IsoDate,
    status: GoalStatus.default('open'),
  })
  .openapi('Goal');

export const Commitment = z
  .object({
    id: ItemId,
    party: CommitmentParty,
    partyName: text(200).optional().openapi({ description: 'Who exactly, e.g. the provider or network member.' }),
    what: text(1000),
    frequency: text(200).openapi({ example: 'elke week' }),
  })
  .openapi('Commitment');

export const Condition = z
  .object({
    id: ItemId,
    help: text(1000).openapi({ description: 'The help that continues.' }),
    dependsOn: text(1000).openapi({ description: 'The commitments it depends on.' }),
    ifNotKept: text(1000).openapi({ description: 'What happens when a commitment is not kept.' }),
    reviewOn: IsoDate.openapi({ description: 'When this is reviewed.' }),
  })
  .openapi('Condition');

export const Risk = z
  .object({ id: ItemId, risk: text(1000), signals: text(1000).openapi({ description: 'Early signals.' }), actions: text(1000), who: text(300) })
  .openapi('DropoutRisk');

export const NetworkContact = z
  .object({
    name: text(200),
    relation: text(200).openapi({ example: 'tante' }),
    kind: NetworkKind,
    phone: anyText().max(30).optional(),
    email: email().max(254).optional(),
    practicalContact: z.boolean().default(false).openapi({ description: 'The one informal contact person for practical matters.' }),
  })
  .openapi('NetworkContact');

export const ChecklistItem = z
  .object({
    item: Turning18Item,
    status: ChecklistStatus.default('todo'),
    note: anyText().max(500).optional(),
  })
  .openapi('Turning18Item');

export const Review = z
  .object({ plannedOn: IsoDate, heldOn: IsoDate.optional(), outcome: anyText().max(2000).optional() })
  .openapi('ReviewMoment');

export const Plan = z
  .object({
    goals: z.array(Goal).max(50).default([]),
    commitments: z.array(Commitment).max(50).default([]),
    conditions: z.array(Condition).max(30).default([]),
    risks: z.array(Risk).max(30).default([]),
    network: z.array(NetworkContact).max(30).default([]),
    checklist: z.array(ChecklistItem).max(TURNING_18_CODES.length).default([]),
    reviews: z.array(Review).max(30).default([]),
  })
  .superRefine((plan, ctx) => {
    const practical = plan.network.map((n, i) => ({ n, i })).filter(({ n }) => n.practicalContact);
    if (practical.length > 1) ctx.addIssue({ code: 'custom', path: ['network', practical[1]?.i ?? 0, 'practicalContact'], message: 'Only one contact person for practical matters.' });
    for (const { n, i } of practical) {
      if (n.kind !== 'informal') ctx.addIssue({ code: 'custom', path: ['network', i, 'kind'], message: 'The contact person for practical matters is someone from the informal network.' });
    }
    for (const list of ['goals', 'commitments', 'conditions', 'risks'] as const) {
      const ids = new Set<string>();
      plan[list].forEach((item, i) => {
        if (item.id === undefined) return;
        if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: [list, i, 'id'], message: `${item.id} is used twice.` });
        ids.add(item.id);
      });
    }
    const seen = new Set<string>();
    plan.checklist.forEach((c, i) => {
      if (seen.has(c.item)) ctx.addIssue({ code: 'custom', path: ['checklist', i, 'item'], message: `${c.item} is listed twice.` });
      seen.add(c.item);
    });
  })
  .openapi('Plan');
/** A plan as stored and returned: every list present, defaults filled. */
export type Plan = z.output<typeof Plan>;

// ---------------------------------------------------------------- what a version freezes

/** Text already stored: checked when it came in, so no length limits here (filled placeholders may make a template text longer). */
const stored = () => anyText();
const Named = z.object({ id: z.guid(), name: stored() });

/**
 * The content of an agreement version, frozen when it is sent for signature: the template's texts
 * with the placeholders filled (both languages), the people, the dates and the plan. It is stored
 * as canonical JSON with its SHA-256, and the database refuses to change it; the signing page and
 * the signed PDF are made from it. Read back from the database through this schema (`.parse`).
 * A change here must still read every version already frozen.
 */
export const FrozenContent = z.object({
  agreementId: z.guid(),
  version: z.number().int(),
  municipality: Named,
  template: z.object({ id: z.guid(), version: z.number().int() }),
  youngPerson: z.object({ name: stored(), dateOfBirth: IsoDate, email: stored().nullable(), mobile: stored().nullable() }),
  caseManager: Named,
  providers: z.array(Named),
  departureDate: IsoDate,
  aftercareStartDate: IsoDate,
  texts: z.record(SectionKey, z.object({ nl: stored(), en: stored() })),
  plan: Plan,
});
export type FrozenContent = z.output<typeof FrozenContent>;
