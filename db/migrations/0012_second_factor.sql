-- Frozen once shipped. Every person behind a second factor, and the second factor made sturdier.
--
-- - users.totp_last_step: the last TOTP time step accepted for the person (RFC 6238 §5.2: "the
--   verifier MUST NOT accept the second attempt of the same OTP after the successful validation
--   has been issued for the first OTP"). A code is accepted only for a later step, so the same
--   code (or an older one) cannot open a second session.
-- - recovery_codes: ten single-use codes per person, usable instead of a TOTP code when the phone
--   is lost. Only a SHA-256 hash of each is stored (they are 50 random bits, like the session and
--   API-key secrets, so a fast hash is enough). Like sessions they belong to a person, not to a
--   tenant: no row-level security, reached only by the person's own id or by a reset.
-- - user_tokens.second_factor: a login link that counts as a verified second factor. Only the
--   `npm start` demo makes such a link, and the code honours it only in development on the
--   embedded database (see redeemLoginLink).
-- - tenants.require_two_factor is always true now (a CHECK), so a municipality can no longer turn
--   the second factor off for its staff; the API keeps the field and refuses `false`.
-- - member_has_access_elsewhere(): whether a member of the current municipality is also the
--   platform operator or works for another municipality or a provider. A municipality admin
--   cannot see those rows (row-level security), and must not reset the second factor of such a
--   person: that factor guards access the admin does not govern.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

ALTER TABLE users ADD COLUMN totp_last_step bigint;

CREATE TABLE recovery_codes (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, code_hash)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_codes TO vervolg_app;

ALTER TABLE user_tokens ADD COLUMN second_factor boolean NOT NULL DEFAULT false;

-- tenants has FORCE ROW LEVEL SECURITY: enter the operator's view for this one update.
SELECT pg_catalog.set_config('app.operator', 'on', true);
UPDATE tenants SET require_two_factor = true WHERE NOT require_two_factor;
SELECT pg_catalog.set_config('app.operator', '', true);
ALTER TABLE tenants ALTER COLUMN require_two_factor SET DEFAULT true;
ALTER TABLE tenants ADD CONSTRAINT tenants_two_factor_always CHECK (require_two_factor);
