-- Frozen once shipped. Issue 9, items 10, 12 and 13.
--
-- signer_access: what a signer may still do once their signing link is used or expired. The link
-- opens nothing personal by itself any more; a fresh one-time code (sent to the address on file)
-- opens a short-lived download session for the sealed PDF and the young person's data export.
-- It is a table of its own because a signed signer's row may never change (0005's trigger).
-- - link_hash: a fresh link sent when everyone has signed (the first link's token is only stored
--   hashed, so it cannot be sent again); it leads to the same page and opens nothing by itself.
-- - code_*: the download code (hashed), its expiry and the wrong attempts on it.
-- - session_*: the download session (hashed cookie value) and when it ends.
--
-- resolve_signer is restated to find a signer by either link. resolve_signer_session finds the
-- signer of a download session. outcome_agreement_goals is restated: a provider sees only
-- agreements that name it (agreements.provider_ids), so another provider's or an unrelated
-- agreement looks exactly like one that does not exist.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

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
GRANT SELECT, INSERT, UPDATE ON signer_access TO vervolg_app;
