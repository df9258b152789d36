// Youth agreements and their templates. The rules: a published template version never changes;
// an agreement is edited only as a draft (or while an amendment is being drawn up); sending
// freezes a version — its content and SHA-256 are kept and the database refuses to change them;
// the lifecycle moves only along the transitions below, anything else is a 409.
import type { z } from '@hono/zod-openapi';
import { type UpdateObject, sql } from 'kysely';
import { sha256Hex, uuidv7 } from '../../platform/crypto.js';
import { type Tx, jsonb } from '../../platform/db/database.js';
import type { DB } from '../../platform/db/schema.generated.js';
import { type ApiError, type InvalidParam, badRequest, conflict, notFound } from '../../platform/errors.js';
import { iso } from '../../platform/http/openapi.js';
import { type Expected, etagOf, expectedRevision, requireMatched } from '../../platform/revisions.js';
import { type AgreementStatus, type AgreementVersionStatus, FrozenContent, type Plan, SECTION_KEYS } from '../../domain/agreement.js';
import type { Agreement, CreateAgreement, TemplateContent, UpdateAgreement } from './schemas.js';
import { type AgreementEventType, agreementEvents } from './events.js';
import { ageOn, formatDate } from '../../platform/dates.js';

type TemplateContentT = z.infer<typeof TemplateContent>;
type AgreementT = z.infer<typeof Agreement>;

const EMPTY_PLAN: Plan = { goals: [], commitments: [], conditions: [], risks: [], network: [], checklist: [], reviews: [] };

/**
 * The plan with a stable id on every goal, commitment, condition and risk that has none yet (the
 * ones the client sent back keep theirs), so progress recorded after signing can refer to them.
 */
export function withItemIds(plan: Plan): Plan {
  const give = <T extends { id?: string | undefined }>(items: T[]): T[] => items.map((item) => (item.id ? item : { ...item, id: uuidv7() }));
  return { ...plan, goals: give(plan.goals), commitments: give(plan.commitments), conditions: give(plan.conditions), risks: give(plan.risks) };
}

// ---------------------------------------------------------------- templates

type VersionRow = { id: string; template_id: string; version: number; status: 'draft' | 'published'; content: unknown; created_at: Date; published_at: Date | null };
const toTemplateVersion = (r: VersionRow) => ({
  id: r.id,
  templateId: r.template_id,
  version: r.version,
  status: r.status,
  content: r.content as TemplateContentT,
  createdAt: iso(r.created_at) as string,
  publishedAt: iso(r.published_at),
});

/** A version without its texts, for lists. */
function versionSummary(r: VersionRow) {
  const { content: _, ...rest } = toTemplateVersion(r);
  return rest;
}

export async function createTemplate(trx: Tx, tenantId: string, input: { name: string; content: TemplateContentT }, userId: string) {
  const id = uuidv7();
  await trx.insertInto('agreement_templates').values({ tenant_id: tenantId, id, name: input.name }).execute();
  await trx
    .insertInto('agreement_template_versions')
    .values({ tenant_id: tenantId, id: uuidv7(), template_id: id, version: 1, content: jsonb(input.content), created_by: userId })
    .execute();
  return getTemplate(trx, tenantId, id);
}

export async function listTemplates(trx: Tx, tenantId: string, limit: number, cursor?: string) {
  let q = trx.selectFrom('agreement_templates').selectAll().where('tenant_id', '=', tenantId).orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  const templates = await q.execute();
  const versions = templates.length
    ? await trx
        .selectFrom('agreement_template_versions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where(
          'template_id',
          'in',
          templates.map((t) => t.id),
        )
        .orderBy('version')
        .execute()
    : [];
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    createdAt: iso(t.created_at) as string,
    versions: versions.filter((v) => v.template_id === t.id).map(versionSummary),
  }));
}

export async function getTemplate(trx: Tx, tenantId: string, templateId: string) {
  const template = await trx.selectFrom('agreement_templates').selectAll().where('tenant_id', '=', tenantId).where('id', '=', templateId).executeTakeFirst();
  if (!template) throw notFound('template');
  const versions = await trx.selectFrom('agreement_template_versions').selectAll().where('tenant_id', '=', tenantId).where('template_id', '=', templateId).orderBy('version').execute();
  return {
    id: template.id,
    name: template.name,
    createdAt: iso(template.created_at) as string,
    versions: versions.map(versionSummary),
  };
}

export async function getTemplateVersion(trx: Tx, tenantId: string, templateId: string, version: number) {
  const row = await trx
    .selectFrom('agreement_template_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('template_id', '=', templateId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('template version');
  return toTemplateVersion(row);
}

/** A new draft version, starting from the given content. One draft at a time. */
export async function addTemplateVersion(trx: Tx, tenantId: string, templateId: string, content: TemplateContentT, userId: string) {
  await getTemplate(trx, tenantId, templateId);
  const latest = await trx
    .selectFrom('agreement_template_versions')
    .select(['version', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('template_id', '=', templateId)
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  if (latest.status === 'draft') throw conflict(`Version ${latest.version} is still a draft: change or publish it first.`, 'draft-exists');
  await trx
    .insertInto('agreement_template_versions')
    .values({ tenant_id: tenantId, id: uuidv7(), template_id: templateId, version: latest.version + 1, content: jsonb(content), created_by: userId })
    .execute();
  return getTemplateVersion(trx, tenantId, templateId, latest.version + 1);
}

const neverChanges = () => conflict('A published version never changes. Make a new version.', 'published');

/**
 * Template versions carry no revision (no If-Match): the one state change, draft → published, is
 * decided by the UPDATE's `status = 'draft'`, so an edit racing a publication either lands before
 * it or is refused (409) — never written into a published version.
 */
async function changeDraftVersion(trx: Tx, tenantId: string, id: string, set: UpdateObject<DB, 'agreement_template_versions'>, refused: () => ApiError) {
  const result = await trx.updateTable('agreement_template_versions').set(set).where('tenant_id', '=', tenantId).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw refused();
}

export async function updateDraftTemplateVersion(trx: Tx, tenantId: string, templateId: string, version: number, content: TemplateContentT) {
  const current = await getTemplateVersion(trx, tenantId, templateId, version);
  if (current.status === 'published') throw neverChanges();
  await changeDraftVersion(trx, tenantId, current.id, { content: jsonb(content) }, neverChanges);
  return getTemplateVersion(trx, tenantId, templateId, version);
}

export async function publishTemplateVersion(trx: Tx, tenantId: string, templateId: string, version: number, now: Date) {
  const current = await getTemplateVersion(trx, tenantId, templateId, version);
  const alreadyPublished = () => conflict(`Version ${version} is already published.`, 'published');
  if (current.status === 'published') throw alreadyPublished();
  await changeDraftVersion(trx, tenantId, current.id, { status: 'published', published_at: now }, alreadyPublished);
  return getTemplateVersion(trx, tenantId, templateId, version);
}

// ---------------------------------------------------------------- agreements

const AGREEMENT_COLUMNS = [
  'id',
  'template_version_id',
  'status',
  'revision',
  'young_person_name',
  sql<string>`young_person_birth_date::text`.as('young_person_birth_date'),
  'young_person_email',
  'young_person_mobile',
  'case_manager_id',
  'provider_ids',
  sql<string>`departure_date::text`.as('departure_date'),
  sql<string>`aftercare_start_date::text`.as('aftercare_start_date'),
  'plan',
  'in_force_version',
  'end_reason',
  'end_note',
  'ended_at',
  'created_at',
  'updated_at',
] as const;

type AgreementRow = {
  id: string;
  template_version_id: string;
  status: AgreementStatus;
  revision: number;
  young_person_name: string;
  young_person_birth_date: string;
  young_person_email: string | null;
  young_person_mobile: string | null;
  case_manager_id: string;
  provider_ids: string[];
  departure_date: string;
  aftercare_start_date: string;
  plan: unknown;
  in_force_version: number | null;
  end_reason: string | null;
  end_note: string | null;
  ended_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

function toAgreement(r: AgreementRow): AgreementT {
  return {
    id: r.id,
    status: r.status,
    revision: r.revision,
    templateVersionId: r.template_version_id,
    youngPerson: { name: r.young_person_name, dateOfBirth: r.young_person_birth_date, email: r.young_person_email, mobile: r.young_person_mobile },
    caseManagerId: r.case_manager_id,
    providerIds: r.provider_ids,
    departureDate: r.departure_date,
    aftercareStartDate: r.aftercare_start_date,
    plan: { ...EMPTY_PLAN, ...(r.plan as Plan) },
    inForceVersion: r.in_force_version,
    endReason: r.end_reason as AgreementT['endReason'],
    endNote: r.end_note,
    endedAt: iso(r.ended_at),
    createdAt: iso(r.created_at) as string,
    updatedAt: iso(r.updated_at) as string,
  };
}

/** Age in whole years on a date (both YYYY-MM-DD): the date module's, kept here for callers. */
export { ageOn };

interface AgreementFacts {
  templateVersionId: string;
  youngPerson: { name: string; dateOfBirth: string; email?: string | null | undefined; mobile?: string | null | undefined };
  caseManagerId: string;
  providerIds: string[];
  departureDate: string;
  aftercareStartDate: string;
}

/** Check everything that needs the database, and report every problem at once. */
async function validateFacts(trx: Tx, tenantId: string, f: AgreementFacts, checkTemplate: boolean): Promise<void> {
  const problems: InvalidParam[] = [];
  if (checkTemplate) {
    const template = await trx
      .selectFrom('agreement_template_versions')
      .select('status')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', f.templateVersionId)
      .executeTakeFirst();
    if (!template) problems.push({ name: 'body.templateVersionId', reason: 'No such template version in this municipality.' });
    else if (template.status !== 'published') problems.push({ name: 'body.templateVersionId', reason: 'Only a published template version can be used.' });
  }
  if (!f.youngPerson.email && !f.youngPerson.mobile) {
    problems.push({ name: 'body.youngPerson', reason: 'Give an e-mail address or a mobile number: the signing link is sent there.' });
  }
  if (f.aftercareStartDate > f.departureDate) {
    problems.push({ name: 'body.aftercareStartDate', reason: 'Aftercare starts before (or on) the day of departure.' });
  }
  const age = ageOn(f.youngPerson.dateOfBirth, f.aftercareStartDate);
  if (age < 12 || age >= 23) {
    problems.push({ name: 'body.youngPerson.dateOfBirth', reason: `The young person is ${age} when aftercare starts; youth aftercare is for ages 12 up to 23 (Jeugdwet).` });
  }
  const manager = await trx
    .selectFrom('memberships')
    .select('roles')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', f.caseManagerId)
    .executeTakeFirst();
  if (!manager?.roles.some((r) => r === 'case-manager' || r === 'admin')) {
    problems.push({ name: 'body.caseManagerId', reason: 'The case manager must be staff of this municipality with the case-manager role.' });
  }
  if (f.providerIds.length) {
    const related = await trx
      .selectFrom('provider_relations')
      .select('provider_id')
      .where('tenant_id', '=', tenantId)
      .where('provider_id', 'in', f.providerIds)
      .execute();
    const known = new Set(related.map((r) => r.provider_id));
    f.providerIds.forEach((id, i) => {
      if (!known.has(id)) problems.push({ name: `body.providerIds.${i}`, reason: 'This municipality does not work with that provider.' });
    });
  }
  if (problems.length) throw badRequest(`The agreement has ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}.`, problems);
}

export async function createAgreement(trx: Tx, tenantId: string, input: z.output<typeof CreateAgreement>, userId: string) {
  const facts: AgreementFacts = { ...input, caseManagerId: input.caseManagerId ?? userId, providerIds: [...new Set(input.providerIds)] };
  await validateFacts(trx, tenantId, facts, true);
  const id = uuidv7();
  await trx
    .insertInto('agreements')
    .values({
      tenant_id: tenantId,
      id,
      template_version_id: input.templateVersionId,
      young_person_name: input.youngPerson.name,
      young_person_birth_date: input.youngPerson.dateOfBirth,
      young_person_email: input.youngPerson.email ?? null,
      young_person_mobile: input.youngPerson.mobile ?? null,
      case_manager_id: facts.caseManagerId,
      provider_ids: facts.providerIds,
      departure_date: input.departureDate,
      aftercare_start_date: input.aftercareStartDate,
      plan: jsonb(withItemIds(input.plan ?? EMPTY_PLAN)),
      in_force_version: null,
      end_reason: null,
      end_note: null,
    })
    .execute();
  return getAgreement(trx, tenantId, id);
}

export async function getAgreement(trx: Tx, tenantId: string, id: string): Promise<AgreementT> {
  const row = await trx.selectFrom('agreements').select(AGREEMENT_COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('agreement');
  return toAgreement(row as AgreementRow);
}

export async function listAgreements(
  trx: Tx,
  tenantId: string,
  filter: { limit: number; cursor?: string | undefined; status?: AgreementStatus | undefined; caseManagerId?: string | undefined },
) {
  let q = trx.selectFrom('agreements').select(AGREEMENT_COLUMNS).where('tenant_id', '=', tenantId).orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.cursor) q = q.where('id', '<', filter.cursor);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.caseManagerId) q = q.where('case_manager_id', '=', filter.caseManagerId);
  return (await q.execute()).map((r) => {
    const a = toAgreement(r as AgreementRow);
    return {
      id: a.id,
      status: a.status,
      youngPersonName: a.youngPerson.name,
      departureDate: a.departureDate,
      aftercareStartDate: a.aftercareStartDate,
      caseManagerId: a.caseManagerId,
      inForceVersion: a.inForceVersion,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    };
  });
}

export { etagOf };

/** The agreement's revision and status as they are now (after a guarded UPDATE missed). */
const revisionAndStatus = (trx: Tx, tenantId: string, id: string) =>
  trx.selectFrom('agreements').select(['revision', 'status']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();

/**
 * The one way an agreement's row changes: an UPDATE that still finds the revision the change was
 * based on and the status it started from, and bumps the revision (platform/revisions.ts). Callers
 * write everything else a change brings (versions, webhook events, signers) after it, so a change
 * that lost a race throws here and leaves nothing behind.
 */
async function guardedUpdate(
  trx: Tx,
  tenantId: string,
  id: string,
  expected: Expected<AgreementStatus>,
  set: UpdateObject<DB, 'agreements'>,
  refused: (status: AgreementStatus) => ApiError,
): Promise<void> {
  const result = await trx
    .updateTable('agreements')
    .set({ ...set, revision: sql<number>`revision + 1`, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', 'in', [...expected.from])
    .$if(expected.revision !== undefined, (q) => q.where('revision', '=', expected.revision as number))
    .executeTakeFirst();
  await requireMatched(result, { noun: 'agreement', expected, reread: () => revisionAndStatus(trx, tenantId, id), refused });
}

const EDITABLE: AgreementStatus[] = ['draft', 'amending'];
const notEditable = (status: AgreementStatus) =>
  conflict(`An agreement that is ${status} cannot be edited. ${status === 'active' ? 'Start an amendment first.' : ''}`.trim(), 'not-editable');

export async function updateAgreement(trx: Tx, tenantId: string, id: string, input: z.output<typeof UpdateAgreement>, ifMatch: string | undefined) {
  const current = await getAgreement(trx, tenantId, id);
  const revision = expectedRevision(ifMatch, current.revision, 'agreement');
  if (!EDITABLE.includes(current.status)) throw notEditable(current.status);
  // While amending, the people and dates the signed version rests on stay as they are.
  if (current.status === 'amending' && (input.youngPerson?.dateOfBirth || input.youngPerson?.name)) {
    throw conflict('The young person’s name and date of birth cannot change in an amendment.', 'not-editable');
  }
  const facts: AgreementFacts = {
    templateVersionId: current.templateVersionId,
    youngPerson: { ...current.youngPerson, ...input.youngPerson },
    caseManagerId: input.caseManagerId ?? current.caseManagerId,
    providerIds: input.providerIds ? [...new Set(input.providerIds)] : current.providerIds,
    departureDate: input.departureDate ?? current.departureDate,
    aftercareStartDate: input.aftercareStartDate ?? current.aftercareStartDate,
  };
  await validateFacts(trx, tenantId, facts, false);
  await guardedUpdate(
    trx,
    tenantId,
    id,
    { revision, from: [current.status] },
    {
      young_person_name: facts.youngPerson.name,
      young_person_birth_date: facts.youngPerson.dateOfBirth,
      young_person_email: facts.youngPerson.email ?? null,
      young_person_mobile: facts.youngPerson.mobile ?? null,
      case_manager_id: facts.caseManagerId,
      provider_ids: facts.providerIds,
      departure_date: facts.departureDate,
      aftercare_start_date: facts.aftercareStartDate,
      ...(input.plan ? { plan: jsonb(withItemIds(input.plan)) } : {}),
    },
    notEditable,
  );
  return getAgreement(trx, tenantId, id);
}

// ---- the lifecycle ----

export type Action = 'send' | 'cancel' | 'end' | 'complete' | 'amend';

/** Where each action may start, and where it leads. Everything else is a 409. */
const TRANSITIONS: Record<Action, Partial<Record<AgreementStatus, AgreementStatus>>> = {
  send: { draft: 'sent', amending: 'amendment-sent' },
  cancel: { draft: 'cancelled', sent: 'cancelled', amending: 'active', 'amendment-sent': 'active' },
  end: { active: 'ended', amending: 'ended', 'amendment-sent': 'ended' },
  complete: { active: 'completed' },
  amend: { active: 'amending' },
};

const invalidTransition = (action: Action) => (from: AgreementStatus) =>
  conflict(`Cannot ${action} an agreement that is ${from}; possible only when ${Object.keys(TRANSITIONS[action]).join(', ')}.`, 'invalid-transition');

function transition(action: Action, from: AgreementStatus): AgreementStatus {
  const to = TRANSITIONS[action][from];
  if (!to) throw invalidTransition(action)(from);
  return to;
}

/**
 * What a client's action can be refused for without writing anything: no or another If-Match
 * (428/412) and a status the action may not start from (409). A workflow runs this before the
 * checks of the other module (the signers of a send), so a refusal answers as it always did;
 * the guarded UPDATE in `act` decides again, against concurrent changes.
 */
export function checkAction(a: AgreementT, action: Action, ifMatch: string | undefined): void {
  expectedRevision(ifMatch, a.revision, 'agreement');
  transition(action, a.status);
}

/**
 * A client's lifecycle action: `action` from the status the agreement was read in, at the
 * revision its If-Match names — both checked again by the UPDATE itself (428 without If-Match,
 * 412 when another change got there first, 409 when the status does not allow the action).
 */
async function act(trx: Tx, tenantId: string, a: AgreementT, action: Action, ifMatch: string | undefined, extra: UpdateObject<DB, 'agreements'> = {}): Promise<AgreementStatus> {
  const revision = expectedRevision(ifMatch, a.revision, 'agreement');
  const to = transition(action, a.status);
  await guardedUpdate(trx, tenantId, a.id, { revision, from: [a.status] }, { ...extra, status: to }, invalidTransition(action));
  return to;
}

/** Canonical JSON (keys sorted at every level), so the hash of the same content is always the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole);
}

/** Date placeholders as a person reads them in that language ('1 maart 2027' / '1 March 2027'). */
const datesIn = (values: { departureDate: string; aftercareStartDate: string }, locale: 'nl' | 'en') => ({
  ...values,
  departureDate: formatDate(values.departureDate, locale),
  aftercareStartDate: formatDate(values.aftercareStartDate, locale),
});

/** The content as the signers will see it: texts with placeholders filled, people, dates, plan. */
async function snapshot(trx: Tx, tenantId: string, a: AgreementT, version: number): Promise<FrozenContent> {
  const template = await trx
    .selectFrom('agreement_template_versions')
    .select(['template_id', 'version', 'content'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', a.templateVersionId)
    .executeTakeFirstOrThrow();
  const municipality = await trx.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const manager = await trx.selectFrom('users').select('name').where('id', '=', a.caseManagerId).executeTakeFirstOrThrow();
  const providers = a.providerIds.length ? await trx.selectFrom('providers').select(['id', 'name']).where('id', 'in', a.providerIds).orderBy('name').execute() : [];
  const values = {
    'youngPerson.name': a.youngPerson.name,
    'caseManager.name': manager.name,
    'municipality.name': municipality.name,
    departureDate: a.departureDate,
    aftercareStartDate: a.aftercareStartDate,
  };
  const sections = (template.content as TemplateContentT).sections;
  const texts = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, { nl: fillPlaceholders(sections[key].nl, datesIn(values, 'nl')), en: fillPlaceholders(sections[key].en, datesIn(values, 'en')) }]),
  );
  // Parsed: what is frozen (and hashed) is checked against the one schema that reads it back.
  return FrozenContent.parse({
    agreementId: a.id,
    version,
    municipality: { id: tenantId, name: municipality.name },
    template: { id: template.template_id, version: template.version },
    youngPerson: a.youngPerson,
    caseManager: { id: a.caseManagerId, name: manager.name },
    providers,
    departureDate: a.departureDate,
    aftercareStartDate: a.aftercareStartDate,
    texts,
    plan: a.plan,
  });
}

/**
 * Tell the municipality's webhook endpoints, in the same transaction as the change. Ids and
 * states only: receivers fetch details through the API, so no personal data travels this way.
 */
async function notify(trx: Tx, tenantId: string, type: AgreementEventType, agreementId: string, extra: Record<string, unknown>, now: Date) {
  await agreementEvents.enqueue(trx, tenantId, type, { agreementId, ...extra }, now);
}

async function openVersion(trx: Tx, tenantId: string, agreementId: string) {
  return trx
    .selectFrom('agreement_versions')
    .select(['id', 'version', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('status', '=', 'sent')
    .executeTakeFirst();
}

/** Close the version out for signature, if any; returns its number (its signers' links must stop working). */
async function closeOpenVersion(trx: Tx, tenantId: string, agreementId: string, now: Date): Promise<number | null> {
  const open = await openVersion(trx, tenantId, agreementId);
  if (!open) return null;
  await trx.updateTable('agreement_versions').set({ status: 'cancelled', closed_at: now }).where('tenant_id', '=', tenantId).where('id', '=', open.id).execute();
  return open.version;
}

/**
 * Freeze the agreement's content, as the caller read it, as a new version for signature. The
 * guarded UPDATE proves nobody changed the agreement since that read (the caller checked the
 * signers against it), so what is frozen is what was checked.
 */
export async function sendAgreement(trx: Tx, tenantId: string, a: AgreementT, ifMatch: string | undefined, now: Date) {
  const id = a.id;
  const to = await act(trx, tenantId, a, 'send', ifMatch);
  const last = await trx
    .selectFrom('agreement_versions')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', id)
    .executeTakeFirstOrThrow();
  const version = Number(last.v) + 1;
  const content = await snapshot(trx, tenantId, a, version);
  const json = canonicalJson(content);
  await trx
    .insertInto('agreement_versions')
    .values({ tenant_id: tenantId, id: uuidv7(), agreement_id: id, version, status: 'sent', content: jsonb(json), content_sha256: sha256Hex(json), sent_at: now })
    .execute();
  await notify(trx, tenantId, 'agreement.sent', id, { version, contentSha256: sha256Hex(json), amendment: to === 'amendment-sent' }, now);
  return { agreement: await getAgreement(trx, tenantId, id), version, contentSha256: sha256Hex(json) };
}

/**
 * The content as it would be frozen if the agreement were sent now: the preview of what the young
 * person will see on the signing page (the same snapshot sendAgreement freezes; nothing stored).
 */
export async function previewContent(trx: Tx, tenantId: string, a: AgreementT): Promise<FrozenContent> {
  const last = await trx
    .selectFrom('agreement_versions')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', a.id)
    .executeTakeFirstOrThrow();
  return snapshot(trx, tenantId, a, Number(last.v) + 1);
}

/** Returns the agreement and the round whose signing it stopped (null when none was out). */
export async function cancelAgreement(trx: Tx, tenantId: string, id: string, note: string | undefined, ifMatch: string | undefined, now: Date) {
  const a = await getAgreement(trx, tenantId, id);
  // Dropping an amendment: the plan goes back to the version in force (a signed version never changes).
  const dropsAmendment = (a.status === 'amending' || a.status === 'amendment-sent') && a.inForceVersion !== null;
  const extra = dropsAmendment
    ? { plan: jsonb((await getVersion(trx, tenantId, id, a.inForceVersion as number)).content.plan) }
    : { end_note: note ?? null, ended_at: now };
  await act(trx, tenantId, a, 'cancel', ifMatch, extra);
  const closedRound = await closeOpenVersion(trx, tenantId, id, now);
  return { agreement: await getAgreement(trx, tenantId, id), closedRound };
}

/** Returns the agreement and the round whose signing it stopped (null when none was out). */
export async function endAgreement(trx: Tx, tenantId: string, id: string, input: { reason: string; note?: string | undefined }, ifMatch: string | undefined, now: Date) {
  await act(trx, tenantId, await getAgreement(trx, tenantId, id), 'end', ifMatch, { end_reason: input.reason, end_note: input.note ?? null, ended_at: now });
  const closedRound = await closeOpenVersion(trx, tenantId, id, now);
  return { agreement: await getAgreement(trx, tenantId, id), closedRound };
}

export async function completeAgreement(trx: Tx, tenantId: string, id: string, ifMatch: string | undefined, now: Date) {
  // Completed as planned: JZ588 code 31.
  const to = await act(trx, tenantId, await getAgreement(trx, tenantId, id), 'complete', ifMatch, { end_reason: '31', ended_at: now });
  await notify(trx, tenantId, 'agreement.completed', id, { status: to, endReason: '31' }, now);
  return getAgreement(trx, tenantId, id);
}

export async function amendAgreement(trx: Tx, tenantId: string, id: string, ifMatch: string | undefined) {
  await act(trx, tenantId, await getAgreement(trx, tenantId, id), 'amend', ifMatch);
  return getAgreement(trx, tenantId, id);
}

const OUT_FOR_SIGNATURE: AgreementStatus[] = ['sent', 'amendment-sent'];
const notOutForSignature = (status: AgreementStatus) => conflict(`The agreement is ${status}, not out for signature.`, 'invalid-transition');

/**
 * The agreement as read, if `version` is still the round out for signature; null when the
 * agreement moved on (cancelled, ended, signed, or another round is out).
 */
async function roundStillOpen(trx: Tx, tenantId: string, agreementId: string, version: number) {
  const a = await getAgreement(trx, tenantId, agreementId);
  if (!OUT_FOR_SIGNATURE.includes(a.status)) return null;
  const open = await openVersion(trx, tenantId, agreementId);
  return open?.version === version ? { a, open } : null;
}

/**
 * The signing module calls this when the last signer of a version has signed: the version comes
 * into force, the one before it is superseded. No client versioned this change, but a cancel or
 * an expiry may race it: the UPDATE still has to find the agreement as read, out for signature.
 */
export async function versionSigned(trx: Tx, tenantId: string, agreementId: string, version: number, now: Date) {
  const round = await roundStillOpen(trx, tenantId, agreementId, version);
  if (!round) throw conflict(`Version ${version} is not the one out for signature.`, 'invalid-transition');
  const { a, open } = round;
  await guardedUpdate(trx, tenantId, agreementId, { revision: a.revision, from: [a.status] }, { status: 'active', in_force_version: version }, notOutForSignature);
  if (a.inForceVersion) {
    await trx
      .updateTable('agreement_versions')
      .set({ status: 'superseded', closed_at: now })
      .where('tenant_id', '=', tenantId)
      .where('agreement_id', '=', agreementId)
      .where('version', '=', a.inForceVersion)
      .execute();
  }
  await trx.updateTable('agreement_versions').set({ status: 'signed', signed_at: now }).where('tenant_id', '=', tenantId).where('id', '=', open.id).execute();
  await notify(trx, tenantId, 'agreement.signed', agreementId, { version }, now);
  if (a.inForceVersion) await notify(trx, tenantId, 'agreement.amended', agreementId, { version, previousVersion: a.inForceVersion }, now);
  return getAgreement(trx, tenantId, agreementId);
}

/**
 * The signing module calls this when a signer declines or the links expire. Returns null — and
 * changes nothing — when the round is no longer out (a cancel, an end or the last signature got
 * there first); the caller decides whether that is an error.
 */
export async function versionRefused(trx: Tx, tenantId: string, agreementId: string, version: number, outcome: 'declined' | 'expired', now: Date): Promise<AgreementT | null> {
  const round = await roundStillOpen(trx, tenantId, agreementId, version);
  if (!round) return null;
  const { a, open } = round;
  // A refused amendment leaves the signed version in force.
  const to: AgreementStatus = a.status === 'amendment-sent' ? 'active' : outcome;
  const result = await trx
    .updateTable('agreements')
    .set({ status: to, revision: sql<number>`revision + 1`, updated_at: new Date() })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', agreementId)
    .where('status', '=', a.status)
    .where('revision', '=', a.revision)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return null;
  await trx.updateTable('agreement_versions').set({ status: outcome, closed_at: now }).where('tenant_id', '=', tenantId).where('id', '=', open.id).execute();
  await notify(trx, tenantId, outcome === 'declined' ? 'agreement.declined' : 'agreement.expired', agreementId, { version, status: to }, now);
  return getAgreement(trx, tenantId, agreementId);
}

export async function listVersions(trx: Tx, tenantId: string, agreementId: string) {
  await getAgreement(trx, tenantId, agreementId);
  const rows = await trx.selectFrom('agreement_versions').selectAll().where('tenant_id', '=', tenantId).where('agreement_id', '=', agreementId).orderBy('version').execute();
  return rows.map(toVersion);
}

export async function getVersion(trx: Tx, tenantId: string, agreementId: string, version: number) {
  const row = await trx
    .selectFrom('agreement_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('agreement_id', '=', agreementId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound('agreement version');
  return toVersion(row);
}

function toVersion(r: { version: number; status: AgreementVersionStatus; content: unknown; content_sha256: string; sent_at: Date; signed_at: Date | null; closed_at: Date | null }) {
  return {
    version: r.version,
    status: r.status,
    contentSha256: r.content_sha256,
    // jsonb, read through the schema of what a version freezes (so its readers get it typed).
    content: FrozenContent.parse(typeof r.content === 'string' ? JSON.parse(r.content) : r.content),
    sentAt: iso(r.sent_at) as string,
    signedAt: iso(r.signed_at),
    closedAt: iso(r.closed_at),
  };
}

/**
 * Who made each version of these templates (version id → the person's name), for the staff pages'
 * lists. The API leaves it out of its template documents; the pages show it beside each version.
 */
export async function templateVersionAuthors(trx: Tx, tenantId: string, templateIds: readonly string[]): Promise<Map<string, string>> {
  if (templateIds.length === 0) return new Map();
  const rows = await trx
    .selectFrom('agreement_template_versions as v')
    .innerJoin('users as u', 'u.id', 'v.created_by')
    .select(['v.id', 'u.name'])
    .where('v.tenant_id', '=', tenantId)
    .where('v.template_id', 'in', [...templateIds])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
