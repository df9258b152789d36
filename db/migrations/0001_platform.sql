-- Frozen: never edit a migration that has shipped; add a new one instead.
-- The platform foundation: tenants, people, providers, API keys, processing log, outbox.
--
-- Roles (cluster-wide, so created only when missing):
-- - vervolg_app: what every request runs as (SET LOCAL ROLE inside its transaction).
--   NOSUPERUSER NOBYPASSRLS, owns nothing, gets only the grants below.
-- - vervolg_jobs: what the scheduled jobs run as; sees only the tables a job needs, through
--   policies that name it (so no BYPASSRLS is needed, which managed PostgreSQL rarely grants).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vervolg_app') THEN
    CREATE ROLE vervolg_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vervolg_jobs') THEN
    CREATE ROLE vervolg_jobs NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
  END IF;
END $$;

DO $$
BEGIN
  -- The connecting (owner) role must be able to switch to the request and job roles.
  EXECUTE format('GRANT vervolg_app, vervolg_jobs TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already granted, or the owner is a superuser
END $$;

-- Municipalities. The tenant row itself: visible to its members, to the operator, and inside
-- its own tenant context.
CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  cbs_code text NOT NULL UNIQUE CHECK (cbs_code ~ '^GM[0-9]{4}$'),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
  default_locale text NOT NULL DEFAULT 'nl' CHECK (default_locale IN ('nl', 'en')),
  small_number_threshold integer NOT NULL DEFAULT 5 CHECK (small_number_threshold BETWEEN 1 AND 100),
  require_two_factor boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- People: platform-wide accounts (one person may work for several municipalities and providers).
CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  password_hash text,
  totp_key text,
  totp_enabled_at timestamptz,
  is_platform_operator boolean NOT NULL DEFAULT false,
  locale text NOT NULL DEFAULT 'nl' CHECK (locale IN ('nl', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Sessions as the Lucia guide prescribes: token "id.secret", only SHA-256(secret) stored.
CREATE TABLE sessions (
  id text PRIMARY KEY,
  secret_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  two_factor_verified boolean NOT NULL DEFAULT false,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_verified_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed logins per key (an e-mail address or an IP address), for throttling.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  window_started_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- One-time tokens for people: password reset and login links. Only the hash is stored.
CREATE TABLE user_tokens (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('password-reset', 'login-link')),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_tokens_user ON user_tokens (user_id);

CREATE TABLE memberships (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0
    AND roles <@ ARRAY['admin', 'contract-manager', 'case-manager', 'analyst']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

-- Care providers, known to the platform. Public reference data (name, AGB, KvK).
CREATE TABLE providers (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
  agb_code text NOT NULL UNIQUE CHECK (agb_code ~ '^[0-9]{8}$'),
  kvk_number text NOT NULL CHECK (kvk_number ~ '^[0-9]{8}$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE provider_members (
  provider_id uuid NOT NULL REFERENCES providers(id),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'staff']::text[]),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider_id, user_id)
);
CREATE INDEX provider_members_user ON provider_members (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  provider_id uuid NOT NULL REFERENCES providers(id),
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_by uuid REFERENCES users(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_provider ON api_keys (provider_id, id);

-- Which providers a municipality works with. A provider reaches a municipality's data only here.
CREATE TABLE provider_relations (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  provider_id uuid NOT NULL REFERENCES providers(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, provider_id)
);
CREATE INDEX provider_relations_provider ON provider_relations (provider_id, tenant_id);

-- Invitations for municipal staff (tenant_id) or provider staff (provider_id).
CREATE TABLE invitations (
  id uuid PRIMARY KEY,
  tenant_id uuid REFERENCES tenants(id),
  provider_id uuid REFERENCES providers(id),
  email text NOT NULL CHECK (email = lower(email)),
  roles text[] NOT NULL,
  token_hash text NOT NULL UNIQUE,
  invited_by uuid REFERENCES users(id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  accepted_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((tenant_id IS NULL) <> (provider_id IS NULL))
);
CREATE INDEX invitations_tenant ON invitations (tenant_id, id);
CREATE INDEX invitations_provider ON invitations (provider_id, id);

-- Processing log, shaped after Logius' 'Logboek Dataverwerkingen': one span per processing
-- operation, the request id as trace id. Append-only: no grants to change it, and a trigger that
-- refuses UPDATE, DELETE and TRUNCATE for everyone, the owner included.
CREATE TABLE processing_log (
  id uuid PRIMARY KEY,
  tenant_id uuid REFERENCES tenants(id),
  provider_id uuid REFERENCES providers(id),
  trace_id text NOT NULL,
  span_id text NOT NULL,
  operation text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'read', 'update', 'delete')),
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'refused')),
  actor_type text NOT NULL CHECK (actor_type IN ('user', 'api-key', 'system', 'anonymous', 'signer')),
  actor_id text,
  acting_for text,
  subject_type text,
  subject_id text,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX processing_log_tenant ON processing_log (tenant_id, id);
CREATE INDEX processing_log_subject ON processing_log (tenant_id, subject_type, subject_id);

-- Outbox for e-mail and SMS; a job delivers it through a transport, with retries and backoff.
CREATE TABLE outbox (
  id uuid PRIMARY KEY,
  tenant_id uuid REFERENCES tenants(id),
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient text NOT NULL,
  subject text NOT NULL DEFAULT '',
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  provider_reference text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- Grants: only what requests need. Nothing on processing_log beyond INSERT and SELECT.
GRANT USAGE ON SCHEMA public TO vervolg_app, vervolg_jobs;
GRANT SELECT, INSERT, UPDATE ON tenants TO vervolg_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON users, sessions, login_throttle, user_tokens, memberships,
  provider_members, api_keys, provider_relations, invitations TO vervolg_app;
GRANT SELECT, INSERT, UPDATE ON providers TO vervolg_app;
GRANT SELECT, INSERT ON processing_log TO vervolg_app;
GRANT INSERT ON outbox TO vervolg_app;
GRANT SELECT ON outbox TO vervolg_app;
GRANT SELECT, UPDATE ON outbox TO vervolg_jobs;
