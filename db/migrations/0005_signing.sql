-- Frozen once shipped. E-signing: the signers of an agreement version, and the audit trail.
--
-- A signer's link carries a random token; only its SHA-256 is stored. The one-time code is
-- stored hashed too. The audit trail is append-only and each event carries the hash of the one
-- before it, so a removed or altered event breaks the chain; triggers refuse changes to events
-- and to what a signer signed, for every role.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE signers (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  version integer NOT NULL,
  role text NOT NULL CHECK (role IN ('young-person', 'legal-representative', 'municipality-officer', 'provider')),
  name text NOT NULL,
  email text,
  mobile text,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  position integer NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'notified', 'signed', 'declined', 'expired', 'cancelled')),
  code_hash text,
  code_expires_at timestamptz,
  code_attempts integer NOT NULL DEFAULT 0,
  codes_sent integer NOT NULL DEFAULT 0,
  verified_at timestamptz,
  signed_at timestamptz,
  typed_name text,
  drawn_signature text,
  consent_sha256 text,
  decline_reason text,
  last_reminded_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, agreement_id, version, position),
  FOREIGN KEY (tenant_id, agreement_id, version) REFERENCES agreement_versions (tenant_id, agreement_id, version),
  CHECK ((channel = 'email' AND email IS NOT NULL) OR (channel = 'sms' AND mobile IS NOT NULL))
);

CREATE TABLE signing_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  version integer NOT NULL,
  seq integer NOT NULL,
  signer_id uuid,
  type text NOT NULL CHECK (type IN ('sent', 'opened', 'code-requested', 'code-verified', 'code-failed', 'viewed',
    'signed', 'declined', 'reminded', 'expired', 'cancelled', 'completed')),
  occurred_at timestamptz NOT NULL,
  ip text,
  user_agent text,
  data jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, agreement_id, version, seq),
  FOREIGN KEY (tenant_id, agreement_id, version) REFERENCES agreement_versions (tenant_id, agreement_id, version)
);
GRANT SELECT, INSERT, UPDATE ON signers TO vervolg_app;
GRANT SELECT, INSERT ON signing_events TO vervolg_app;
