// Frozen once shipped. The scheduled job needs to know which municipalities have signing links to
// expire or to remind about. This returns only those tenant ids; the job then handles each tenant
// in an ordinary request-role transaction under row-level security.
export const name = '0007_signing_jobs';

export const up = /* sql */ `
CREATE INDEX signers_open ON signers (expires_at) WHERE status IN ('waiting', 'notified');

CREATE FUNCTION tenants_with_signing_work(p_now timestamptz, p_remind_before timestamptz)
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT DISTINCT s.tenant_id FROM signers s
   WHERE s.status IN ('waiting', 'notified')
     AND (s.expires_at <= p_now
          OR (s.status = 'notified' AND coalesce(s.last_reminded_at, s.created_at) <= p_remind_before))
$f$;
REVOKE ALL ON FUNCTION tenants_with_signing_work(timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_signing_work(timestamptz, timestamptz) TO vervolg_app;
`;
