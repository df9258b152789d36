-- Webhooks for municipalities (migration 0003): endpoints and their delivery log.

-- Requests manage their tenant's endpoints and deliveries. The delivery job reads the URL and the
-- secret of the endpoint it delivers to and changes nothing there but, when re-encrypting, the
-- secret column (its only column grant); it works through the delivery log.
SELECT vervolg_tenant_table('webhook_endpoints', 'vervolg_app');
DROP POLICY IF EXISTS webhook_endpoints_delivery ON webhook_endpoints;
CREATE POLICY webhook_endpoints_delivery ON webhook_endpoints FOR SELECT TO vervolg_jobs USING (true);
-- The re-encrypt command (as vervolg_jobs, `npm run secrets:reencrypt`) rewrites the secret column.
DROP POLICY IF EXISTS webhook_endpoints_reencrypt ON webhook_endpoints;
CREATE POLICY webhook_endpoints_reencrypt ON webhook_endpoints FOR UPDATE TO vervolg_jobs USING (true) WITH CHECK (true);

SELECT vervolg_tenant_table('webhook_deliveries', 'vervolg_app');
DROP POLICY IF EXISTS webhook_deliveries_delivery ON webhook_deliveries;
CREATE POLICY webhook_deliveries_delivery ON webhook_deliveries TO vervolg_jobs USING (true) WITH CHECK (true);

-- A webhook signing secret is stored encrypted (refuse_plaintext_secret, 02_platform.sql).
CREATE OR REPLACE TRIGGER webhook_endpoints_secret_encrypted BEFORE INSERT OR UPDATE OF secret ON webhook_endpoints
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_secret('secret');
