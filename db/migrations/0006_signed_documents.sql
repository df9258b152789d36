-- Frozen once shipped. The sealed PDF of each fully signed agreement version. Immutable: no
-- UPDATE or DELETE for anyone. Stored as base64 text so both database drivers (postgres.js and
-- PGlite) carry it the same way; ~33 KB for a typical agreement.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE signed_documents (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  version integer NOT NULL,
  pdf_base64 text NOT NULL,
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content_sha256 text NOT NULL,
  signed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, agreement_id, version),
  FOREIGN KEY (tenant_id, agreement_id, version) REFERENCES agreement_versions (tenant_id, agreement_id, version)
);
GRANT SELECT, INSERT ON signed_documents TO vervolg_app;
