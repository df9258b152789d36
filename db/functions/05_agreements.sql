-- Youth agreements and their templates (migration 0004). A published template version and a sent
-- agreement version are immutable: triggers refuse any change to them, for every role including
-- the owner.
CREATE OR REPLACE FUNCTION refuse_published_template_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  IF OLD.status = 'published' THEN
    RAISE EXCEPTION 'a published template version is immutable' USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $f$;
CREATE OR REPLACE TRIGGER template_versions_immutable BEFORE UPDATE OR DELETE ON agreement_template_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_published_template_change();

CREATE OR REPLACE FUNCTION refuse_sent_content_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
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
CREATE OR REPLACE TRIGGER agreement_versions_immutable BEFORE UPDATE OR DELETE ON agreement_versions
  FOR EACH ROW EXECUTE FUNCTION refuse_sent_content_change();

SELECT vervolg_tenant_table('agreement_templates');
SELECT vervolg_tenant_table('agreement_template_versions');
SELECT vervolg_tenant_table('agreements');
SELECT vervolg_tenant_table('agreement_versions');
