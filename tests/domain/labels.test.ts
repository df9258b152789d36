// One place for the labels of codes (src/domain), and a check that would catch a new
// code without them: every code a schema, the database or the API can produce, where a person may
// read it (the signed PDF, the signing page, messages, the young person's export), has a Dutch and
// an English label. The rendered outputs themselves are checked in tests/modules/signing-pdf.test.ts and
// tests/modules/signing.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ChecklistItem, Commitment, Goal, NetworkContact, AGREEMENT_STATUSES, SECTION_KEYS } from '../../src/modules/agreements/schemas.js';
import { SIGNER_ROLES, SendForSignature } from '../../src/modules/signing/schemas.js';
import type { ProcessingAction } from '../../src/platform/audit.js';
import {
  AGREEMENT_SECTIONS,
  AGREEMENT_STATUS_LABELS,
  type AgreementVersionStatus,
  CHECKLIST_STATUSES,
  COMMITMENT_PARTIES,
  GOAL_STATUSES,
  GOAL_TERMS,
  LIFE_DOMAINS,
  NETWORK_KINDS,
  TURNING_18_ITEMS,
} from '../../src/domain/agreement.js';
import { type CodeList, codeLabel } from '../../src/domain/code-list.js';
import { JZ588, JZ588_CODES } from '../../src/domain/ijw.js';
import { PERSON_FACING_CODE_LISTS } from '../../src/domain/person-facing.js';
import { PROCESSING_ACTIONS, PROCESSING_ACTORS, PROCESSING_OPERATIONS } from '../../src/domain/processing.js';
import { CHANNEL_LABELS, SIGNER_ROLE_LABELS, SIGNER_STATUS_LABELS, SIGNING_EVENT_LABELS, type SignerStatus, type SigningEventType } from '../../src/domain/signing.js';
import { labelsFor } from '../../src/modules/signing/pdf/labels.js';
import { LEGAL_FRAMEWORKS, PLAN_PROGRESS_KINDS } from '../../src/domain/aftercare.js';
import { LegalFramework, PlanProgressKind } from '../../src/modules/aftercare/schemas.js';

/** The options of a zod enum, also behind .default() / .optional(). */
function options(schema: unknown): string[] {
  let s = schema as { options?: string[]; unwrap?: () => unknown };
  while (!s.options && s.unwrap) s = s.unwrap() as typeof s;
  if (!s.options) throw new Error('not an enum');
  return s.options;
}

// Codes of database columns, listed here in full. If a code is added to the vocabulary, these
// objects no longer type-check until it is listed, and then the test below asks for its labels;
// tests/domain/database-codes.test.ts checks that the database accepts exactly these codes.
const SIGNING_EVENTS: Record<SigningEventType, true> = {
  sent: true, opened: true, 'code-requested': true, 'code-verified': true, 'code-failed': true, viewed: true,
  signed: true, declined: true, reminded: true, expired: true, cancelled: true, completed: true,
};
const SIGNER_STATUSES: Record<SignerStatus, true> = { waiting: true, notified: true, signed: true, declined: true, expired: true, cancelled: true };
const VERSION_STATUSES: Record<AgreementVersionStatus, true> = { sent: true, signed: true, declined: true, cancelled: true, expired: true, superseded: true };
const ACTIONS: Record<ProcessingAction, true> = { create: true, read: true, update: true, delete: true };
const ACTORS: Record<keyof typeof PROCESSING_ACTORS, true> = { user: true, 'api-key': true, system: true, anonymous: true, signer: true };

const uses: [string, CodeList, string[]][] = [
  ['sections (template order)', AGREEMENT_SECTIONS, [...SECTION_KEYS]],
  ['life domains (Goal.domain)', LIFE_DOMAINS, options(Goal.shape.domain)],
  ['goal terms (Goal.term)', GOAL_TERMS, options(Goal.shape.term)],
  ['goal statuses (Goal.status)', GOAL_STATUSES, options(Goal.shape.status)],
  ['commitment parties (Commitment.party)', COMMITMENT_PARTIES, options(Commitment.shape.party)],
  ['network kinds (NetworkContact.kind)', NETWORK_KINDS, options(NetworkContact.shape.kind)],
  ['turning-18 items (ChecklistItem.item)', TURNING_18_ITEMS, options(ChecklistItem.shape.item)],
  ['checklist statuses (ChecklistItem.status)', CHECKLIST_STATUSES, options(ChecklistItem.shape.status)],
  ['agreement statuses', AGREEMENT_STATUS_LABELS, [...AGREEMENT_STATUSES, ...Object.keys(VERSION_STATUSES)]],
  ['end reasons (JZ588)', JZ588, [...JZ588_CODES]],
  ['signer roles', SIGNER_ROLE_LABELS, [...SIGNER_ROLES]],
  ['signer statuses', SIGNER_STATUS_LABELS, Object.keys(SIGNER_STATUSES)],
  ['channels', CHANNEL_LABELS, options(SendForSignature.shape.signers.element.shape.channel)],
  ['signing events', SIGNING_EVENT_LABELS, Object.keys(SIGNING_EVENTS)],
  ['processing actions', PROCESSING_ACTIONS, Object.keys(ACTIONS)],
  ['processing actors', PROCESSING_ACTORS, Object.keys(ACTORS)],
  ['legal frameworks after 18 (plan progress)', LEGAL_FRAMEWORKS, options(LegalFramework)],
  ['kinds of plan progress', PLAN_PROGRESS_KINDS, options(PlanProgressKind)],
];

describe('labels of codes people read', () => {
  it('every code used has a Dutch and an English label', () => {
    const missing: string[] = [];
    for (const [what, list, codes] of uses) {
      for (const code of codes) {
        const label = Object.hasOwn(list, code) ? list[code] : undefined;
        if (!label?.nl?.trim() || !label?.en?.trim()) missing.push(`${what}: ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every label in every list is there in both languages, and is not the code itself', () => {
    const bad: string[] = [];
    for (const [name, list] of Object.entries(PERSON_FACING_CODE_LISTS)) {
      for (const [code, label] of Object.entries(list)) {
        for (const locale of ['nl', 'en'] as const) {
          const text = label[locale];
          if (typeof text !== 'string' || text.trim() === '' || (code.includes('-') && text.includes(code))) bad.push(`${name}.${code}.${locale}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('every operation on an agreement has a label for the processing log in the export', () => {
    const api = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const operations = Object.entries(api.paths)
      .filter(([path]) => /\/agreements(\/|$)/.test(path))
      .flatMap(([, ops]) => Object.values(ops).map((o) => o.operationId))
      .filter((id): id is string => Boolean(id));
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((id) => !Object.hasOwn(PROCESSING_OPERATIONS, id))).toEqual([]);
  });

  it('the PDF takes its code labels from src/domain (one place)', () => {
    for (const locale of ['nl', 'en'] as const) {
      const l = labelsFor(locale);
      expect(l.roles['municipality-officer']).toBe(SIGNER_ROLE_LABELS['municipality-officer'][locale]);
      expect(l.eventTypes['code-requested']).toBe(SIGNING_EVENT_LABELS['code-requested'][locale]);
      expect(l.lifeDomains['work-day-activity']).toBe(LIFE_DOMAINS['work-day-activity'][locale]);
      expect(Object.keys(l.roles).sort()).toEqual(Object.keys(SIGNER_ROLE_LABELS).sort());
    }
    expect(codeLabel(SIGNER_ROLE_LABELS, 'young-person', 'en')).toBe('Young person');
    expect(codeLabel(SIGNER_ROLE_LABELS, 'something-new', 'nl')).toBe('something-new');
  });
});
