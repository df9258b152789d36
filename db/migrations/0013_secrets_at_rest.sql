-- Frozen once shipped. Secrets at rest (issue 9, item 3): TOTP keys (users.totp_key) and webhook
-- signing secrets (webhook_endpoints.secret) are stored encrypted with AES-256-GCM by the app
-- (src/platform/secrets.ts), under a key the database never sees (SECRET_KEYS). The columns stay
-- text: an encrypted value is `enc1.<key id>.<iv>.<ciphertext>`.
--
-- - New plaintext is refused by triggers, whoever writes it: any INSERT, or an UPDATE that sets
--   the column, must store the encrypted form (or NULL / the '' of a deleted endpoint). Existing
--   rows are not checked (a CHECK constraint would be, and would also refuse every unrelated
--   update of a row that still holds a legacy value), so old values keep working until
--   `npm run secrets:reencrypt` encrypts them.
-- - secrets_state.legacy_plaintext says whether legacy plaintext values may still exist. The app
--   accepts a plaintext value only while it is true; the re-encrypt command clears it once none is
--   left. A database that has none when this migration runs starts strict.
-- - The re-encrypt command runs as the jobs role (no BYPASSRLS needed, as for the delivery job):
--   it may read every row's secret column and rewrite that column only — column grants on users,
--   an UPDATE policy plus a column grant on webhook_endpoints. The request role gains nothing.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

-- The re-encrypt command (as vervolg_jobs): read every secret with its row key, rewrite only it.
GRANT SELECT (id, totp_key), UPDATE (totp_key) ON users TO vervolg_jobs;
GRANT UPDATE (secret) ON webhook_endpoints TO vervolg_jobs;

-- One row: may legacy plaintext secrets still be in the database?
CREATE TABLE secrets_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  legacy_plaintext boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT ON secrets_state TO vervolg_app, vervolg_jobs;
GRANT UPDATE (legacy_plaintext, updated_at) ON secrets_state TO vervolg_jobs;

-- Looked at as the jobs role: under FORCE ROW LEVEL SECURITY an owner that is not a superuser
-- would see no webhook endpoint at all and wrongly conclude there is nothing to encrypt.
DO $$
DECLARE
  legacy boolean;
BEGIN
  PERFORM set_config('role', 'vervolg_jobs', true);
  legacy := EXISTS (SELECT 1 FROM users WHERE totp_key IS NOT NULL AND totp_key NOT LIKE 'enc1.%')
         OR EXISTS (SELECT 1 FROM webhook_endpoints WHERE secret <> '' AND secret NOT LIKE 'enc1.%');
  RESET ROLE;
  INSERT INTO secrets_state (id, legacy_plaintext) VALUES (true, legacy);
END $$;
