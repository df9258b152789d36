-- Frozen once shipped. Youth agreements and their templates.
--
-- Keys start with tenant_id and references between tenant tables are composite
-- (tenant_id, id): the database cannot even express a reference from one municipality's row to
-- another municipality's row.
-- A published template version and a sent agreement version are immutable: triggers refuse any
-- change to them, for every role including the owner.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE agreement_templates (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE agreement_template_versions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  template_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  content jsonb NOT NULL,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, template_id, version),
  FOREIGN KEY (tenant_id, template_id) REFERENCES agreement_templates (tenant_id, id)
);

CREATE TABLE agreements (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  id uuid NOT NULL,
  template_version_id uuid NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN
    ('draft', 'sent', 'active', 'amending', 'amendment-sent', 'completed', 'ended', 'declined', 'cancelled', 'expired')),
  revision integer NOT NULL DEFAULT 1,
  young_person_name text NOT NULL,
  young_person_birth_date date NOT NULL,
  young_person_email text,
  young_person_mobile text,
  case_manager_id uuid NOT NULL REFERENCES users(id),
  provider_ids uuid[] NOT NULL DEFAULT '{}',
  departure_date date NOT NULL,
  aftercare_start_date date NOT NULL,
  plan jsonb NOT NULL,
  in_force_version integer,
  end_reason text,
  end_note text,
  ended_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, template_version_id) REFERENCES agreement_template_versions (tenant_id, id),
  CHECK (young_person_email IS NOT NULL OR young_person_mobile IS NOT NULL),
  CHECK (aftercare_start_date <= departure_date)
);
CREATE INDEX agreements_status ON agreements (tenant_id, status, id);
CREATE INDEX agreements_case_manager ON agreements (tenant_id, case_manager_id, id);

-- Each version as sent for signature: the frozen content and its SHA-256.
CREATE TABLE agreement_versions (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  version integer NOT NULL CHECK (version > 0),
  status text NOT NULL CHECK (status IN ('sent', 'signed', 'declined', 'cancelled', 'expired', 'superseded')),
  content jsonb NOT NULL,
  content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  sent_at timestamptz NOT NULL DEFAULT now(),
  signed_at timestamptz,
  closed_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, agreement_id, version),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id)
);

GRANT SELECT, INSERT ON agreement_templates TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreement_template_versions TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreements TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreement_versions TO vervolg_app;
