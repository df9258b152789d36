// The input of the agreement PDF: plain data, already resolved to display values (names, not ids).
// signing/document.ts builds it from the frozen version content and the signing events;
// the renderer knows nothing about the database. Dates are 'YYYY-MM-DD'; instants are RFC 3339 UTC.

import type { ChecklistStatus, GoalStatus, GoalTerm, LifeDomain, SectionKey } from '../../../domain/agreement.js';
import type { Locale } from '../../../domain/code-list.js';
import type { AuthenticationMethod, SignerRole, SigningEventType } from '../../../domain/signing.js';
import type { PdfBytes } from '../../../platform/pdf-service.js';

// The codes are typed by the vocabulary in src/domain, where their labels are. The renderer still
// prints a code it has no label for as given (a version frozen before a code list changed).
export type { Locale };

/**
 * A text of the agreement. With a `key` of the template (goals, commitments, …) the matching part
 * of the plan follows its text, so the PDF follows the template's order; parts whose section is
 * not given follow the sections, in the template's order.
 */
export interface AgreementSection {
  key?: SectionKey | null;
  heading: string;
  paragraphs: string[];
}

export interface AgreementGoal {
  lifeDomain: LifeDomain;
  term: GoalTerm;
  description: string;
  /** 'YYYY-MM-DD' */
  targetDate?: string | null;
  status: GoalStatus;
}

/** One commitment; the renderer groups them by `party` (a display name) in order of appearance. */
export interface AgreementCommitment {
  party: string;
  description: string;
}

/** A condition of the conditional help ('contractsturing') and what follows when it is not met. */
export interface AgreementCondition {
  description: string;
  consequence?: string | null;
}

/** A dropout risk from the signaleringsplan: what to watch for, what to do, and who does it. */
export interface AgreementRisk {
  risk: string;
  signals: string[];
  actions: string[];
  who: string[];
}

export interface NetworkContact {
  name: string;
  relation: string;
  /** What this person does in the plan. */
  role?: string | null;
  /** The one person in the informal network who helps with practical matters (NJi guideline 10). */
  practicalSupport?: boolean;
  phone?: string | null;
  email?: string | null;
}

export interface ChecklistItem {
  item: string;
  status: ChecklistStatus;
  owner?: string | null;
  note?: string | null;
}

export interface ReviewMoment {
  /** 'YYYY-MM-DD' */
  date: string;
  description: string;
  participants?: string[];
}

export interface AgreementSigner {
  id: string;
  role: SignerRole;
  name: string;
  /** The name the signer typed as their signature. */
  typedName: string;
  /** RFC 3339 UTC. */
  signedAt: string;
  authentication: AuthenticationMethod;
  /** A drawn signature as a `data:image/png;base64,…` URL (JPEG is accepted too); embedded when present. */
  drawnSignature?: string | null;
  /** SHA-256 (hex) of the consent text this signer was shown. */
  consentTextSha256?: string | null;
}

export interface SigningEvent {
  type: SigningEventType;
  /** RFC 3339 UTC. */
  at: string;
  /** The signer the event belongs to; absent for document-level events (sent, completed). */
  signerId?: string | null;
  ip?: string | null;
  userAgent?: string | null;
  /** A short free text, e.g. 'reminder 1' or the hash of the previous event. */
  detail?: string | null;
}

export interface AgreementDocument {
  locale: Locale;
  title: string;
  municipalityName: string;
  agreementId: string;
  version: number;
  youngPerson: { name: string; /** 'YYYY-MM-DD' */ dateOfBirth: string };
  caseManagerName: string;
  /** 'YYYY-MM-DD' */
  departureDate: string;
  /** 'YYYY-MM-DD' */
  aftercareStartDate: string;
  /** RFC 3339 UTC: when this version was sent for signature. */
  sentAt: string;
  /** RFC 3339 UTC: when the last signer signed; also the PDF's creation date (output is deterministic). */
  completedAt: string;
  /** SHA-256 (hex) of the version's content as sent for signature. */
  contentSha256: string;
  /** Where anyone can check the sealed PDF (printed on the certificate page when given). */
  verificationUrl?: string | null;

  sections: AgreementSection[];
  goals: AgreementGoal[];
  commitments: AgreementCommitment[];
  conditions: AgreementCondition[];
  risks: AgreementRisk[];
  network: NetworkContact[];
  turning18: ChecklistItem[];
  reviewMoments: ReviewMoment[];

  signers: AgreementSigner[];
  events: SigningEvent[];
}

// The signed agreement is one of the PDF service's documents (platform/pdf-service.ts): rendered
// and sealed in one call, where the seal's key is (the PDF Worker on Workers, this process on Node).
declare module '../../../platform/pdf-service.js' {
  interface PdfService {
    /** The agreement's PDF, sealed (PAdES; with a timestamp when TSA_URL is set) at `signingTime`. */
    agreementSealed(doc: AgreementDocument, options: { signingTime: Date }): Promise<PdfBytes>;
  }
}
