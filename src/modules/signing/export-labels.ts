// The young person's data export, readable: every code in it (statuses, roles, events, life
// domains, what was done and by whom) replaced by its label from src/domain, in the
// language of the page they downloaded it from. Names, dates, texts and hashes stay as they are.
import { AGREEMENT_STATUS_LABELS, CHECKLIST_STATUSES, COMMITMENT_PARTIES, GOAL_STATUSES, GOAL_TERMS, LIFE_DOMAINS, NETWORK_KINDS, TURNING_18_ITEMS } from '../../domain/agreement.js';
import { type CodeList, codeLabel, type Locale } from '../../domain/code-list.js';
import { JZ588 } from '../../domain/ijw.js';
import { CONTACT_KINDS, REVIEW_PARTICIPANTS } from '../../domain/aftercare.js';
import { PROCESSING_ACTIONS, PROCESSING_ACTORS, PROCESSING_OPERATIONS } from '../../domain/processing.js';
import { HELP_FRAMEWORKS, NOTE_KINDS, PROGRESS_KINDS } from '../../domain/young-person.js';
import { SIGNER_ROLE_LABELS, SIGNER_STATUS_LABELS, SIGNING_EVENT_LABELS } from '../../domain/signing.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** `record[field]` replaced by its label, when it is a string. */
function relabel(record: Json, field: string, codes: CodeList, locale: Locale): Json {
  const value = record[field];
  return typeof value === 'string' ? { ...record, [field]: codeLabel(codes, value, locale) } : record;
}

function readablePlan(plan: unknown, locale: Locale): unknown {
  if (!isObject(plan)) return plan;
  return {
    ...plan,
    goals: list(plan.goals).map((g) => relabel(relabel(relabel(g, 'domain', LIFE_DOMAINS, locale), 'term', GOAL_TERMS, locale), 'status', GOAL_STATUSES, locale)),
    commitments: list(plan.commitments).map((c) => relabel(c, 'party', COMMITMENT_PARTIES, locale)),
    network: list(plan.network).map((n) => relabel(n, 'kind', NETWORK_KINDS, locale)),
    checklist: list(plan.checklist).map((i) => relabel(relabel(i, 'item', TURNING_18_ITEMS, locale), 'status', CHECKLIST_STATUSES, locale)),
  };
}

/** The export as the young person reads it. */
export function readableExport<T extends Json>(data: T, locale: Locale): T {
  const out: Json = { ...data };
  if (isObject(data.agreement)) {
    const agreement = relabel(relabel(data.agreement, 'status', AGREEMENT_STATUS_LABELS, locale), 'endReason', JZ588, locale);
    out.agreement = { ...agreement, plan: readablePlan(agreement.plan, locale) };
  }
  out.versions = list(data.versions).map((v) => {
    const version = relabel(v, 'status', AGREEMENT_STATUS_LABELS, locale);
    return isObject(version.content) ? { ...version, content: { ...version.content, plan: readablePlan(version.content.plan, locale) } } : version;
  });
  out.signatures = list(data.signatures).map((s) => relabel(relabel(s, 'status', SIGNER_STATUS_LABELS, locale), 'role', SIGNER_ROLE_LABELS, locale));
  out.signers = list(data.signers).map((s) => relabel(relabel(s, 'status', SIGNER_STATUS_LABELS, locale), 'role', SIGNER_ROLE_LABELS, locale));
  out.signingEvents = list(data.signingEvents).map((e) =>
    relabel(relabel(relabel(e, 'type', SIGNING_EVENT_LABELS, locale), 'role', SIGNER_ROLE_LABELS, locale), 'signerRole', SIGNER_ROLE_LABELS, locale),
  );
  out.processingLog = list(data.processingLog).map((p) => {
    const operation = typeof p.operation === 'string' ? p.operation : '';
    const action = typeof p.action === 'string' ? p.action : '';
    // An operation without a label of its own is described by what it did.
    const what = Object.hasOwn(PROCESSING_OPERATIONS, operation) ? codeLabel(PROCESSING_OPERATIONS, operation, locale) : codeLabel(PROCESSING_ACTIONS, action, locale);
    return relabel(relabel({ ...p, operation: what }, 'action', PROCESSING_ACTIONS, locale), 'actorType', PROCESSING_ACTORS, locale);
  });
  // After signing: contact moments, review meetings, progress on the plan, their own notes.
  if (Array.isArray(data.contactMoments)) out.contactMoments = list(data.contactMoments).map((m) => relabel(m, 'kind', CONTACT_KINDS, locale));
  if (Array.isArray(data.reviewMeetings)) {
    out.reviewMeetings = list(data.reviewMeetings).map((r) => ({
      ...r,
      participants: Array.isArray(r.participants) ? r.participants.map((p) => (typeof p === 'string' ? codeLabel(REVIEW_PARTICIPANTS, p, locale) : p)) : r.participants,
    }));
  }
  if (Array.isArray(data.planProgress)) {
    out.planProgress = list(data.planProgress).map((p) => {
      const statuses = p.kind === 'checklist' ? CHECKLIST_STATUSES : GOAL_STATUSES;
      const item = p.kind === 'checklist' ? relabel(p, 'item', TURNING_18_ITEMS, locale) : p;
      return relabel(relabel(relabel(item, 'status', statuses, locale), 'framework', HELP_FRAMEWORKS, locale), 'kind', PROGRESS_KINDS, locale);
    });
  }
  if (Array.isArray(data.yourNotes)) out.yourNotes = list(data.yourNotes).map((n) => relabel(relabel(n, 'kind', NOTE_KINDS, locale), 'domain', LIFE_DOMAINS, locale));
  return out as T;
}
