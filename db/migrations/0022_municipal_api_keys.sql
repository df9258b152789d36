-- Frozen once shipped. Issue 14: API keys for a municipality's own integrations (its archive, its
-- data warehouse), next to the providers' keys. One table for both: a key belongs to exactly one
-- provider or exactly one municipality (tenant), never both, never neither. The same columns serve
-- both: only the SHA-256 hash of the key is stored, with its prefix to recognise it, its scopes,
-- expiry, last use (to the minute), revocation and who created it.
--
-- Tables and data only: the row-level security (a municipality's key is visible only inside its
-- own tenant context), auth_api_key and app_enter live in db/functions/*.sql.

ALTER TABLE api_keys ADD COLUMN tenant_id uuid REFERENCES tenants(id);
ALTER TABLE api_keys ALTER COLUMN provider_id DROP NOT NULL;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_one_owner CHECK ((provider_id IS NULL) <> (tenant_id IS NULL));
CREATE INDEX api_keys_tenant ON api_keys (tenant_id, id) WHERE tenant_id IS NOT NULL;
