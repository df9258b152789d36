-- Frozen once shipped. Issue 14: an operator invites another platform operator by e-mail. The
-- invitation is an ordinary invitation (token, expiry, revocation, the same acceptance flow: a new
-- person chooses a name and password and then sets up a second factor before anything else), but
-- it belongs to no municipality and no provider: platform_operator marks it, and accepting it makes
-- the person a platform operator. Its row-level security (visible in the operator's context only)
-- lives in db/functions/15_operator.sql.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

ALTER TABLE invitations ADD COLUMN platform_operator boolean NOT NULL DEFAULT false;

-- Before: exactly one of tenant_id and provider_id. Now: that, or neither for an operator
-- invitation (which carries no roles: being an operator is one thing).
ALTER TABLE invitations DROP CONSTRAINT invitations_check;
ALTER TABLE invitations ADD CONSTRAINT invitations_owner_check CHECK (
  CASE WHEN platform_operator THEN tenant_id IS NULL AND provider_id IS NULL AND cardinality(roles) = 0
       ELSE (tenant_id IS NULL) <> (provider_id IS NULL) END
);
CREATE INDEX invitations_platform_operator ON invitations (id) WHERE platform_operator;
