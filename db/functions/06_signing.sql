-- E-signing (migrations 0005, 0006, 0007, 0014): signers, the audit trail, the sealed documents
-- and what a signer may still do afterwards.
--
-- The audit trail is append-only and each event carries the hash of the one before it, so a
-- removed or altered event breaks the chain; triggers refuse changes to events, to what a signer
-- signed and to a sealed document, for every role.
CREATE OR REPLACE FUNCTION refuse_signed_change() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'signers cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.status IN ('signed', 'declined') AND (NEW IS DISTINCT FROM OLD) THEN
    RAISE EXCEPTION 'a signer who has % cannot change', OLD.status USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $f$;
CREATE OR REPLACE TRIGGER signers_immutable_once_done BEFORE UPDATE OR DELETE ON signers
  FOR EACH ROW EXECUTE FUNCTION refuse_signed_change();
CREATE OR REPLACE TRIGGER signing_events_append_only BEFORE UPDATE OR DELETE ON signing_events
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER signing_events_no_truncate BEFORE TRUNCATE ON signing_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER signed_documents_immutable BEFORE UPDATE OR DELETE ON signed_documents
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER signed_documents_no_truncate BEFORE TRUNCATE ON signed_documents
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

SELECT vervolg_tenant_table('signers');
SELECT vervolg_tenant_table('signing_events');
SELECT vervolg_tenant_table('signed_documents');
SELECT vervolg_tenant_table('signer_access');

-- A signing link names no municipality: this returns only which tenant and signer a token
-- belongs to (by the first link or by the fresh link sent when everyone has signed), so the
-- request can enter that tenant's context before reading anything else.
CREATE OR REPLACE FUNCTION resolve_signer(p_token_hash text)
  RETURNS TABLE (tenant_id uuid, signer_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT s.tenant_id, s.id FROM signers s WHERE s.token_hash = p_token_hash
  UNION ALL
  SELECT a.tenant_id, a.signer_id FROM signer_access a WHERE a.link_hash = p_token_hash
$f$;
REVOKE ALL ON FUNCTION resolve_signer(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_signer(text) TO vervolg_app;

-- A download session names no municipality either: only which tenant and signer, and until when.
CREATE OR REPLACE FUNCTION resolve_signer_session(p_session_hash text)
  RETURNS TABLE (tenant_id uuid, signer_id uuid, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT a.tenant_id, a.signer_id, a.session_expires_at FROM signer_access a WHERE a.session_hash = p_session_hash
$f$;
REVOKE ALL ON FUNCTION resolve_signer_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_signer_session(text) TO vervolg_app;

-- Anyone may ask whether Vervolg sealed a document with this SHA-256: the answer names the
-- agreement version and when it was signed, nothing more.
CREATE OR REPLACE FUNCTION verify_document(p_sha256 text)
  RETURNS TABLE (agreement_id uuid, version integer, signed_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT d.agreement_id, d.version, d.signed_at FROM signed_documents d WHERE d.sha256 = p_sha256
$f$;
REVOKE ALL ON FUNCTION verify_document(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verify_document(text) TO vervolg_app;

-- The scheduled job needs to know which municipalities have signing links to expire or to remind
-- about. This returns only those tenant ids; the job then handles each tenant in an ordinary
-- request-role transaction under row-level security.
CREATE OR REPLACE FUNCTION tenants_with_signing_work(p_now timestamptz, p_remind_before timestamptz)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT DISTINCT s.tenant_id FROM signers s
   WHERE s.status IN ('waiting', 'notified')
     AND (s.expires_at <= p_now
          OR (s.status = 'notified' AND coalesce(s.last_reminded_at, s.created_at) <= p_remind_before))
$f$;
REVOKE ALL ON FUNCTION tenants_with_signing_work(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_signing_work(timestamptz, timestamptz) TO vervolg_app;
