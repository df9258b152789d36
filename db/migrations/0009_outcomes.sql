-- Frozen once shipped. Outcome reporting by providers: trajectories and measurements.
--
-- A trajectory (traject) is one form of help with a start date for one young person at one
-- provider, under a contract and one of its products. The provider chooses its pseudonymous
-- references: `reference` names the trajectory, `client_reference` the young person (the same
-- across that provider's trajectories, so a new start of care can be seen); no BSN anywhere.
--
-- Re-delivery corrects and keeps history: a trajectory's earlier states go to
-- trajectory_revisions; a measurement is never changed, a newer one for the same slot (kind +
-- informant or follow-up moment) supersedes it (superseded_at set) and the partial unique index
-- keeps exactly one current value per slot.
--
-- Row-level security: providers write only rows with their own provider_id, and the composite
-- foreign key to contracts (tenant_id, contract_id, provider_id) means a trajectory can only sit
-- under a contract of that same provider. Municipal staff read their own tenant's rows.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE outcome_batches (
  provider_id uuid NOT NULL REFERENCES providers(id),
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  request_sha256 text NOT NULL CHECK (request_sha256 ~ '^[0-9a-f]{64}$'),
  id uuid NOT NULL UNIQUE,
  record_count integer NOT NULL,
  summary jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, idempotency_key)
);

CREATE TABLE trajectories (
  -- No foreign key to tenants of its own: the one to contracts implies it, and each costs a
  -- look-up per row in a batch of 10,000.
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  provider_id uuid NOT NULL,
  contract_id uuid NOT NULL,
  reference text NOT NULL CHECK (length(reference) BETWEEN 1 AND 100),
  client_reference text NOT NULL CHECK (length(client_reference) BETWEEN 1 AND 100),
  agreement_id uuid,
  product_category text NOT NULL CHECK (product_category ~ '^[0-9]{2}$'),
  product_code text NOT NULL DEFAULT '' CHECK (length(product_code) <= 5),
  start_date date NOT NULL,
  end_date date,
  end_reason text CHECK (end_reason ~ '^[0-9]{2}$'),
  revision integer NOT NULL DEFAULT 1,
  batch_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, contract_id, provider_id) REFERENCES contracts (tenant_id, id, provider_id),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((end_date IS NULL) = (end_reason IS NULL))
);
CREATE INDEX trajectories_ended ON trajectories (tenant_id, end_date) WHERE end_date IS NOT NULL;
CREATE INDEX trajectories_client ON trajectories (tenant_id, client_reference, start_date);
CREATE INDEX trajectories_contract ON trajectories (tenant_id, contract_id);
-- A provider's reference names one trajectory across all municipalities it works for: a batch may
-- span municipalities and refers to trajectories by reference alone. It is also the look-up index
-- (and makes a unique (tenant, provider, reference) redundant: one index less to keep per insert).
CREATE UNIQUE INDEX trajectories_provider_reference ON trajectories (provider_id, reference);
-- The provider's own list, paged by id.
CREATE INDEX trajectories_provider ON trajectories (provider_id, id);

-- Earlier states of a trajectory, written when a re-delivery changes it.
CREATE TABLE trajectory_revisions (
  tenant_id uuid NOT NULL,
  trajectory_id uuid NOT NULL,
  provider_id uuid NOT NULL,
  revision integer NOT NULL,
  state jsonb NOT NULL,
  batch_id uuid,
  replaced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, trajectory_id, revision),
  FOREIGN KEY (tenant_id, trajectory_id) REFERENCES trajectories (tenant_id, id)
);

CREATE TABLE outcome_measurements (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  provider_id uuid NOT NULL,
  trajectory_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('satisfaction', 'continuation', 'goals', 'follow-up')),
  -- What a re-delivery replaces: the informant for satisfaction, '3' or '12' (months after
  -- departure) for follow-up, '' for the others.
  slot text NOT NULL DEFAULT '',
  measured_on date NOT NULL,
  -- satisfaction
  score smallint CHECK (score BETWEEN 1 AND 10),
  informant text CHECK (informant IN ('young-person', 'parent', 'other')),
  -- continuation (3.1)
  can_continue_without_help boolean,
  -- goals (3.4): counts, and per agreed goal when the trajectory is linked to an agreement
  goals_achieved integer CHECK (goals_achieved >= 0),
  goals_total integer CHECK (goals_total >= 0),
  goal_results jsonb,
  -- follow-up at 3 and 12 months after departure (codes in src/platform/codes.ts)
  housing text,
  education_work text,
  income_debts text,
  network text,
  new_youth_care boolean,
  batch_id uuid,
  received_at timestamptz NOT NULL DEFAULT now(),
  superseded_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, trajectory_id) REFERENCES trajectories (tenant_id, id),
  CHECK (goals_achieved IS NULL OR goals_achieved <= goals_total)
);
CREATE UNIQUE INDEX outcome_measurements_current ON outcome_measurements (tenant_id, trajectory_id, kind, slot)
  WHERE superseded_at IS NULL;

GRANT SELECT, INSERT ON outcome_batches TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON trajectories TO vervolg_app;
GRANT SELECT, INSERT ON trajectory_revisions TO vervolg_app;
GRANT SELECT, INSERT, UPDATE (superseded_at) ON outcome_measurements TO vervolg_app;
