// Frozen once shipped. The sealed PDF of each fully signed agreement version. Immutable: no
// UPDATE or DELETE for anyone. Stored as base64 text so both database drivers (postgres.js and
// PGlite) carry it the same way; ~33 KB for a typical agreement.
export const name = '0006_signed_documents';

export const up = /* sql */ `
CREATE TABLE signed_documents (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  version integer NOT NULL,
  pdf_base64 text NOT NULL,
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_sha256 text NOT NULL,
  signed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, agreement_id, version),
  FOREIGN KEY (tenant_id, agreement_id, version) REFERENCES agreement_versions (tenant_id, agreement_id, version)
);
CREATE TRIGGER signed_documents_immutable BEFORE UPDATE OR DELETE ON signed_documents
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER signed_documents_no_truncate BEFORE TRUNCATE ON signed_documents
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

ALTER TABLE signed_documents ENABLE ROW LEVEL SECURITY;
ALTER TABLE signed_documents FORCE ROW LEVEL SECURITY;
CREATE POLICY signed_documents_tenant ON signed_documents
  USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
GRANT SELECT, INSERT ON signed_documents TO vervolg_app;

-- Anyone may ask whether Vervolg sealed a document with this SHA-256: the answer names the
-- agreement version and when it was signed, nothing more.
CREATE FUNCTION verify_document(p_sha256 text)
  RETURNS TABLE (agreement_id uuid, version integer, signed_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT d.agreement_id, d.version, d.signed_at FROM signed_documents d WHERE d.sha256 = p_sha256
$f$;
REVOKE ALL ON FUNCTION verify_document(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION verify_document(text) TO vervolg_app;
`;
