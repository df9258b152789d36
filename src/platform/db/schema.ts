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
  /** The last accepted TOTP time step (migration 0012): a code is accepted once. int8: a string from the driver. */
  totp_last_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  is_platform_operator: Generated<boolean>;
  locale: Generated<'nl' | 'en'>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Single-use recovery codes (migration 0012); only SHA-256 hashes. */
export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: NullableTimestamp;
  created_at: Timestamp;
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
  /** A login link that counts as a verified second factor: the development demo only (migration 0012). */
  second_factor: Generated<boolean>;
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
  /** `sending`: claimed by a delivery run until claimed_until (migration 0015). */
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  provider_reference: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  /** The lease of a `sending` row; past it, the outcome is unknown and the transport is asked first. */
  claimed_until: NullableTimestamp;
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

/** What a signer may still do once their link is used or expired (migration 0014). */
export interface SignerAccessTable {
  tenant_id: string;
  signer_id: string;
  link_hash: string | null;
  code_hash: string | null;
  code_expires_at: NullableTimestamp;
  code_attempts: Generated<number>;
  session_hash: string | null;
  session_expires_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: Timestamp;
}

// Contracts (migration 0008). Dates are selected as text ('YYYY-MM-DD') where they leave the service.
export interface ContractsTable {
  tenant_id: string;
  id: string;
  provider_id: string;
  reference: string;
  status: Generated<'draft' | 'active' | 'suspended' | 'ended'>;
  revision: Generated<number>;
  current_version: Generated<number>;
  legal_framework: 'jeugdwet' | 'wmo';
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string, string, string>;
  notice_period_months: number;
  renewal: 'automatic' | 'none';
  renewal_months: number | null;
  notice_alert_days: Generated<number>;
  notice_alerted_for: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContractVersionsTable {
  tenant_id: string;
  contract_id: string;
  provider_id: string;
  version: number;
  effective_from: ColumnType<string, string, string>;
  rationale: string;
  terms: ColumnType<unknown, string, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ContractProductsTable {
  tenant_id: string;
  contract_id: string;
  provider_id: string;
  product_category: string;
  product_code: Generated<string>;
  execution_variant: 'effort' | 'output' | 'task';
}

export interface ContractTargetsTable {
  tenant_id: string;
  contract_id: string;
  provider_id: string;
  indicator: string;
  comparator: 'at-most' | 'at-least';
  value: ColumnType<string, number | string, number | string>;
  period_start: ColumnType<string, string, string>;
  period_end: ColumnType<string, string, string>;
}

export interface ContractBudgetEntriesTable {
  tenant_id: string;
  id: string;
  contract_id: string;
  year: number;
  kind: 'commitment' | 'spending';
  amount_cents: ColumnType<string, number | string | bigint, number | string | bigint>;
  description: string;
  booked_on: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface ContractBudgetAlertsTable {
  tenant_id: string;
  contract_id: string;
  year: number;
  kind: 'commitment' | 'spending';
  alerted_at: Timestamp;
}

// Outcome reporting (migration 0009).
export interface OutcomeBatchesTable {
  provider_id: string;
  idempotency_key: string;
  request_sha256: string;
  id: string;
  record_count: number;
  summary: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export interface TrajectoriesTable {
  tenant_id: string;
  id: string;
  provider_id: string;
  contract_id: string;
  reference: string;
  client_reference: string;
  agreement_id: string | null;
  product_category: string;
  product_code: Generated<string>;
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: string | null;
  revision: Generated<number>;
  batch_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TrajectoryRevisionsTable {
  tenant_id: string;
  trajectory_id: string;
  provider_id: string;
  revision: number;
  state: ColumnType<unknown, string, string>;
  batch_id: string | null;
  replaced_at: Timestamp;
}

export interface OutcomeMeasurementsTable {
  tenant_id: string;
  id: Generated<string>;
  provider_id: string;
  trajectory_id: string;
  kind: 'satisfaction' | 'continuation' | 'goals' | 'follow-up';
  slot: Generated<string>;
  measured_on: ColumnType<string, string, string>;
  score: number | null;
  informant: 'young-person' | 'parent' | 'other' | null;
  can_continue_without_help: boolean | null;
  goals_achieved: number | null;
  goals_total: number | null;
  goal_results: ColumnType<unknown, string | null, string | null>;
  housing: string | null;
  education_work: string | null;
  income_debts: string | null;
  network: string | null;
  new_youth_care: boolean | null;
  batch_id: string | null;
  received_at: Timestamp;
  superseded_at: NullableTimestamp;
}

// Billing tables (migration 0010).
export type BillingStatus = 'none' | 'trialing' | 'active' | 'past-due' | 'canceled';
export type BillingPlan = 'stripe' | 'free' | 'manual';

export interface BillingAccountsTable {
  tenant_id: string;
  plan: Generated<BillingPlan>;
  status: Generated<BillingStatus>;
  stripe_customer_id: string | null;
  stripe_subscription_id: string | null;
  /** bigint: postgres.js returns it as a string. */
  stripe_subscription_created: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  stripe_status: string | null;
  current_period_end: NullableTimestamp;
  canceled_at: NullableTimestamp;
  grace_until: NullableTimestamp;
  plan_note: string | null;
  synced_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface StripeEventsTable {
  id: string;
  type: string;
  tenant_id: string | null;
  received_at: Generated<Date>;
}

export interface UsageReportsTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  quantity: number;
  meter_event_identifier: string;
  stripe_customer_id: string;
  reported_at: Generated<Date>;
}

export interface DB {
  tenants: TenantsTable;
  users: UsersTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
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
  signer_access: SignerAccessTable;
  contracts: ContractsTable;
  contract_versions: ContractVersionsTable;
  contract_products: ContractProductsTable;
  contract_targets: ContractTargetsTable;
  contract_budget_entries: ContractBudgetEntriesTable;
  contract_budget_alerts: ContractBudgetAlertsTable;
  outcome_batches: OutcomeBatchesTable;
  trajectories: TrajectoriesTable;
  trajectory_revisions: TrajectoryRevisionsTable;
  outcome_measurements: OutcomeMeasurementsTable;
  // billing (migration 0010)
  billing_accounts: BillingAccountsTable;
  stripe_events: StripeEventsTable;
  usage_reports: UsageReportsTable;
  schema_migrations: SchemaMigrationsTable;
}
