-- The staff app's one-time view of a new webhook secret (migration 0026): a tenant table, its
-- secret stored encrypted only.
SELECT vervolg_tenant_table('webhook_secret_reveals', 'vervolg_app');
CREATE OR REPLACE TRIGGER webhook_secret_reveals_secret_encrypted BEFORE INSERT OR UPDATE OF secret ON webhook_secret_reveals
  FOR EACH ROW EXECUTE FUNCTION refuse_plaintext_secret('secret');
