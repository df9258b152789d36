// Frozen once shipped. Youth agreements and their templates.
//
// Keys start with tenant_id and references between tenant tables are composite
// (tenant_id, id): the database cannot even express a reference from one municipality's row to
// another municipality's row.
// A published template version and a sent agreement version are immutable: triggers refuse any
// change to them, for every role including the owner.
export const name = '0004_agreements';

export const up = /* sql */ `
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

CREATE FUNCTION refuse_published_template_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'a published template version is immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $f$;
CREATE TRIGGER template_versions_immutable BEFORE UPDATE OR DELETE ON agreement_template_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_published_template_change();

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

CREATE FUNCTION refuse_sent_content_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'agreement versions cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.content IS DISTINCT FROM OLD.content OR NEW.content_sha256 IS DISTINCT FROM OLD.content_sha256
     OR NEW.version IS DISTINCT FROM OLD.version OR NEW.agreement_id IS DISTINCT FROM OLD.agreement_id
     OR NEW.sent_at IS DISTINCT FROM OLD.sent_at OR NEW.tenant_id IS DISTINCT FROM OLD.tenant_id THEN
    RAISE EXCEPTION 'the content of a sent agreement version is immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status IN ('signed', 'declined', 'cancelled', 'expired', 'superseded') AND NEW.status IS DISTINCT FROM OLD.status
     AND NOT (OLD.status = 'signed' AND NEW.status = 'superseded') THEN
    RAISE EXCEPTION 'agreement version % is % and cannot become %', OLD.version, OLD.status, NEW.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $f$;
CREATE TRIGGER agreement_versions_immutable BEFORE UPDATE OR DELETE ON agreement_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_sent_content_change();

ALTER TABLE agreement_templates ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_templates FORCE ROW LEVEL SECURITY;
CREATE POLICY agreement_templates_tenant ON agreement_templates
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
ALTER TABLE agreement_template_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_template_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY agreement_template_versions_tenant ON agreement_template_versions
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
ALTER TABLE agreements ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreements FORCE ROW LEVEL SECURITY;
CREATE POLICY agreements_tenant ON agreements
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
ALTER TABLE agreement_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE agreement_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY agreement_versions_tenant ON agreement_versions
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());

GRANT SELECT, INSERT ON agreement_templates TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreement_template_versions TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreements TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON agreement_versions TO vervolg_app;
`;
