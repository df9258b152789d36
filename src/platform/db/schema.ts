// Kysely table types. Column names are snake_case in SQL and here; the API maps them to camelCase.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface TenantsTable {
  id: string;
  name: string;
  cbs_code: string;
  slug: string;
  default_locale: Generated<'nl' | 'en'>;
  small_number_threshold: Generated<number>;
  require_two_factor: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  totp_key: string | null;
  totp_enabled_at: NullableTimestamp;
  is_platform_operator: Generated<boolean>;
  locale: Generated<'nl' | 'en'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id: string;
  secret_hash: string;
  user_id: string;
  two_factor_verified: Generated<boolean>;
  user_agent: string | null;
  created_at: Timestamp;
  last_verified_at: Timestamp;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_started_at: Timestamp;
  locked_until: NullableTimestamp;
}

export interface UserTokensTable {
  token_hash: string;
  user_id: string;
  purpose: 'password-reset' | 'login-link';
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  roles: string[];
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProvidersTable {
  id: string;
  name: string;
  agb_code: string;
  kvk_number: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProviderMembersTable {
  provider_id: string;
  user_id: string;
  roles: string[];
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  provider_id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: string[];
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ProviderRelationsTable {
  tenant_id: string;
  provider_id: string;
  created_at: Timestamp;
}

export interface InvitationsTable {
  id: string;
  tenant_id: string | null;
  provider_id: string | null;
  email: string;
  roles: string[];
  token_hash: string;
  invited_by: string | null;
  expires_at: Timestamp;
  accepted_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface ProcessingLogTable {
  id: string;
  tenant_id: string | null;
  provider_id: string | null;
  trace_id: string;
  span_id: string;
  operation: string;
  action: 'create' | 'read' | 'update' | 'delete';
  status: Generated<'ok' | 'refused'>;
  actor_type: 'user' | 'api-key' | 'system' | 'anonymous' | 'signer';
  actor_id: string | null;
  acting_for: string | null;
  subject_type: string | null;
  subject_id: string | null;
  occurred_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  tenant_id: string | null;
  channel: 'email' | 'sms';
  recipient: string;
  subject: Generated<string>;
  body: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_reference: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface AgreementTemplatesTable {
  tenant_id: string;
  id: string;
  name: string;
  created_at: Timestamp;
}

export interface AgreementTemplateVersionsTable {
  tenant_id: string;
  id: string;
  template_id: string;
  version: number;
  status: Generated<'draft' | 'published'>;
  content: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: Timestamp;
  published_at: NullableTimestamp;
}

export type AgreementStatus = 'draft' | 'sent' | 'active' | 'amending' | 'amendment-sent' | 'completed' | 'ended' | 'declined' | 'cancelled' | 'expired';

export interface AgreementsTable {
  tenant_id: string;
  id: string;
  template_version_id: string;
  status: Generated<AgreementStatus>;
  revision: Generated<number>;
  young_person_name: string;
  young_person_birth_date: ColumnType<string, string, string>;
  young_person_email: string | null;
  young_person_mobile: string | null;
  case_manager_id: string;
  provider_ids: string[];
  departure_date: ColumnType<string, string, string>;
  aftercare_start_date: ColumnType<string, string, string>;
  plan: ColumnType<unknown, string, string>;
  in_force_version: number | null;
  end_reason: string | null;
  end_note: string | null;
  ended_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type AgreementVersionStatus = 'sent' | 'signed' | 'declined' | 'cancelled' | 'expired' | 'superseded';

export interface AgreementVersionsTable {
  tenant_id: string;
  id: string;
  agreement_id: string;
  version: number;
  status: AgreementVersionStatus;
  content: ColumnType<unknown, string, string>;
  content_sha256: string;
  sent_at: Timestamp;
  signed_at: NullableTimestamp;
  closed_at: NullableTimestamp;
}

export type SignerRole = 'young-person' | 'legal-representative' | 'municipality-officer' | 'provider';
export type SignerStatus = 'waiting' | 'notified' | 'signed' | 'declined' | 'expired' | 'cancelled';

export interface SignersTable {
  tenant_id: string;
  id: string;
  agreement_id: string;
  version: number;
  role: SignerRole;
  name: string;
  email: string | null;
  mobile: string | null;
  channel: 'email' | 'sms';
  position: number;
  token_hash: string;
  expires_at: Timestamp;
  status: Generated<SignerStatus>;
  code_hash: string | null;
  code_expires_at: NullableTimestamp;
  code_attempts: Generated<number>;
  codes_sent: Generated<number>;
  verified_at: NullableTimestamp;
  signed_at: NullableTimestamp;
  typed_name: string | null;
  drawn_signature: string | null;
  consent_sha256: string | null;
  decline_reason: string | null;
  last_reminded_at: NullableTimestamp;
  created_at: Timestamp;
}

export type SigningEventType =
  | 'sent' | 'opened' | 'code-requested' | 'code-verified' | 'code-failed' | 'viewed'
  | 'signed' | 'declined' | 'reminded' | 'expired' | 'cancelled' | 'completed';

export interface SigningEventsTable {
  tenant_id: string;
  id: string;
  agreement_id: string;
  version: number;
  seq: number;
  signer_id: string | null;
  type: SigningEventType;
  occurred_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
  data: ColumnType<unknown, string, string>;
  prev_hash: string;
  hash: string;
}

export interface SignedDocumentsTable {
  tenant_id: string;
  id: string;
  agreement_id: string;
  version: number;
  pdf_base64: string;
  sha256: string;
  content_sha256: string;
  signed_at: Timestamp;
  created_at: Timestamp;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

export interface DB {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  user_tokens: UserTokensTable;
  memberships: MembershipsTable;
  providers: ProvidersTable;
  provider_members: ProviderMembersTable;
  api_keys: ApiKeysTable;
  provider_relations: ProviderRelationsTable;
  invitations: InvitationsTable;
  processing_log: ProcessingLogTable;
  outbox: OutboxTable;
  agreement_templates: AgreementTemplatesTable;
  agreement_template_versions: AgreementTemplateVersionsTable;
  agreements: AgreementsTable;
  agreement_versions: AgreementVersionsTable;
  signers: SignersTable;
  signing_events: SigningEventsTable;
  signed_documents: SignedDocumentsTable;
  schema_migrations: SchemaMigrationsTable;
}
