-- Frozen once shipped. Contracts between a municipality and a care provider.
--
-- A contract's terms (legal framework, period, notice and renewal, products with tariffs, budget
-- ceilings, outcome targets) are kept as versions: version 1 is the contract as concluded, each
-- amendment adds a version with a rationale and an effective date. `contract_versions.terms` holds
-- the whole terms document of that version, so "the contract as it stood on date D" is the latest
-- version effective on or before D. While a contract is a draft, version 1 may still change; after
-- that every version is immutable (trigger, for every role).
--
-- The current version's products and targets are also kept as rows (contract_products,
-- contract_targets) because outcome reporting validates against them and the indicators compare
-- with them; the service rewrites them whenever the current version changes.
--
-- The provider reads its own contracts (provider_id = app.provider_id, with no tenant entered) but
-- never writes them; the budget ledger is the municipality's own.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE contracts (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  provider_id uuid NOT NULL REFERENCES providers(id),
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'suspended', 'ended')),
  revision integer NOT NULL DEFAULT 1,
  current_version integer NOT NULL DEFAULT 1,
  -- Mirrors of the current version's terms, for filters and the scheduled job.
  legal_framework text NOT NULL CHECK (legal_framework IN ('jeugdwet', 'wmo')),
  start_date date NOT NULL,
  end_date date NOT NULL,
  notice_period_months integer NOT NULL CHECK (notice_period_months BETWEEN 0 AND 36),
  renewal text NOT NULL CHECK (renewal IN ('automatic', 'none')),
  renewal_months integer CHECK (renewal_months BETWEEN 1 AND 120),
  notice_alert_days integer NOT NULL DEFAULT 60 CHECK (notice_alert_days BETWEEN 1 AND 365),
  -- The notice deadline an alert already went out for (so the job alerts once per deadline).
  notice_alerted_for date,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, id, provider_id),
  UNIQUE (tenant_id, reference),
  CHECK (end_date >= start_date),
  CHECK ((renewal = 'automatic') = (renewal_months IS NOT NULL))
);
CREATE INDEX contracts_provider ON contracts (provider_id, tenant_id, id);
CREATE INDEX contracts_status ON contracts (tenant_id, status, id);

CREATE TABLE contract_versions (
  tenant_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  effective_from date NOT NULL,
  rationale text NOT NULL CHECK (length(rationale) BETWEEN 1 AND 4000),
  terms jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, contract_id, version),
  FOREIGN KEY (tenant_id, contract_id, provider_id) REFERENCES contracts (tenant_id, id, provider_id)
);

-- The current version's products (product category JZ020 + optional product code).
CREATE TABLE contract_products (
  tenant_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  product_category text NOT NULL CHECK (product_category ~ '^[0-9]{2}$'),
  -- '' when the product is the whole category (keeps the key simple and unique).
  product_code text NOT NULL DEFAULT '' CHECK (length(product_code) <= 5),
  execution_variant text NOT NULL CHECK (execution_variant IN ('effort', 'output', 'task')),
  PRIMARY KEY (tenant_id, contract_id, product_category, product_code),
  FOREIGN KEY (tenant_id, contract_id, provider_id) REFERENCES contracts (tenant_id, id, provider_id)
);

-- The current version's outcome targets, per indicator and period.
CREATE TABLE contract_targets (
  tenant_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  indicator text NOT NULL,
  comparator text NOT NULL CHECK (comparator IN ('at-most', 'at-least')),
  value numeric NOT NULL,
  period_start date NOT NULL,
  period_end date NOT NULL,
  PRIMARY KEY (tenant_id, contract_id, indicator, period_start),
  FOREIGN KEY (tenant_id, contract_id, provider_id) REFERENCES contracts (tenant_id, id, provider_id),
  CHECK (period_end >= period_start)
);

-- Commitments and spending booked against a contract's yearly budget ceiling.
CREATE TABLE contract_budget_entries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  contract_id uuid NOT NULL,
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  kind text NOT NULL CHECK (kind IN ('commitment', 'spending')),
  amount_cents bigint NOT NULL,
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 500),
  booked_on date NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
);
CREATE INDEX contract_budget_entries_year ON contract_budget_entries (tenant_id, contract_id, year);

-- Which budget warnings went out (once per contract, year and threshold crossing).
CREATE TABLE contract_budget_alerts (
  tenant_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  year integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('commitment', 'spending')),
  alerted_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, contract_id, year, kind),
  FOREIGN KEY (tenant_id, contract_id) REFERENCES contracts (tenant_id, id)
);

GRANT SELECT, INSERT, UPDATE ON contracts TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON contract_versions TO vervolg_app;
GRANT SELECT, INSERT, DELETE ON contract_products TO vervolg_app;
GRANT SELECT, INSERT, DELETE ON contract_targets TO vervolg_app;
GRANT SELECT, INSERT ON contract_budget_entries TO vervolg_app;
GRANT SELECT, INSERT ON contract_budget_alerts TO vervolg_app;

-- Contract events for municipal webhooks (the list in src/platform/webhooks.ts): the checks of
-- migration 0003 name the allowed event types, so they are replaced with the longer list.
ALTER TABLE webhook_endpoints DROP CONSTRAINT webhook_endpoints_events_check;
ALTER TABLE webhook_endpoints ADD CONSTRAINT webhook_endpoints_events_check CHECK (cardinality(events) > 0
  AND events <@ ARRAY['agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired',
                      'agreement.completed', 'agreement.amended',
                      'contract.budget-warning', 'contract.notice-deadline', 'contract.renewed']::text[]);
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_event_type_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_event_type_check CHECK (event_type IN (
  'agreement.sent', 'agreement.signed', 'agreement.declined', 'agreement.expired', 'agreement.completed', 'agreement.amended',
  'contract.budget-warning', 'contract.notice-deadline', 'contract.renewed', 'ping'));

-- For the scheduled job's look-up of tenants with contract work (tenants_with_contract_work).
CREATE INDEX contracts_active ON contracts (end_date) WHERE status = 'active';
