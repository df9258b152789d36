// Frozen once shipped. Issue 9, items 10, 12 and 13.
//
// signer_access: what a signer may still do once their signing link is used or expired. The link
// opens nothing personal by itself any more; a fresh one-time code (sent to the address on file)
// opens a short-lived download session for the sealed PDF and the young person's data export.
// It is a table of its own because a signed signer's row may never change (0005's trigger).
// - link_hash: a fresh link sent when everyone has signed (the first link's token is only stored
//   hashed, so it cannot be sent again); it leads to the same page and opens nothing by itself.
// - code_*: the download code (hashed), its expiry and the wrong attempts on it.
// - session_*: the download session (hashed cookie value) and when it ends.
//
// resolve_signer is restated to find a signer by either link. resolve_signer_session finds the
// signer of a download session. outcome_agreement_goals is restated: a provider sees only
// agreements that name it (agreements.provider_ids), so another provider's or an unrelated
// agreement looks exactly like one that does not exist.
export const name = '0014_signing_access';

export const up = /* sql */ `
CREATE TABLE signer_access (
  tenant_id uuid NOT NULL,
  signer_id uuid NOT NULL,
  link_hash text UNIQUE,
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  session_hash text UNIQUE,
  session_expires_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, signer_id),
  FOREIGN KEY (tenant_id, signer_id) REFERENCES signers (tenant_id, id)
);
ALTER TABLE signer_access ENABLE ROW LEVEL SECURITY;
ALTER TABLE signer_access FORCE ROW LEVEL SECURITY;
CREATE POLICY signer_access_tenant ON signer_access USING (tenant_id = app_tenant_id()) WITH CHECK (tenant_id = app_tenant_id());
GRANT SELECT, INSERT, UPDATE ON signer_access TO vervolg_app;

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
CREATE FUNCTION resolve_signer_session(p_session_hash text)
  RETURNS TABLE (tenant_id uuid, signer_id uuid, expires_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT a.tenant_id, a.signer_id, a.session_expires_at FROM signer_access a WHERE a.session_hash = p_session_hash
$f$;
REVOKE ALL ON FUNCTION resolve_signer_session(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION resolve_signer_session(text) TO vervolg_app;

-- A goal is named by its id when the plan gives it one, else by its position (1, 2, …).
CREATE OR REPLACE FUNCTION outcome_agreement_goals(p_ids text)
  RETURNS TABLE (tenant_id uuid, id uuid, goal_ids text[])
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT a.tenant_id, a.id,
         coalesce((SELECT array_agg(coalesce(g.value->>'id', g.ordinality::text) ORDER BY g.ordinality)
                     FROM jsonb_array_elements(coalesce(a.plan->'goals', '[]'::jsonb)) WITH ORDINALITY AS g), '{}')
    FROM agreements a
   WHERE a.id IN (SELECT value::uuid FROM json_array_elements_text(p_ids::json))
     AND app_tenant_id() IS NULL AND app_provider_id() IS NOT NULL
     AND app_provider_id() = ANY (a.provider_ids)
     AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = a.tenant_id AND c.provider_id = app_provider_id())
$f$;
REVOKE ALL ON FUNCTION outcome_agreement_goals(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outcome_agreement_goals(text) TO vervolg_app;
`;
