-- Frozen once shipped. Issue 13, the living plan, first slice: contact moments with the young
-- person after signing (met, called, messaged, home visit, no-show, not reachable), recorded
-- beside the signed agreement and never changed: append-only, with who recorded it and when.
-- The basis of the "no contact for N weeks" signal (only the reached kinds count as contact;
-- src/domain/aftercare.ts REACHED_KINDS).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE contact_moments (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  occurred_on date NOT NULL,
  kind text NOT NULL CHECK (kind = ANY (ARRAY['face-to-face', 'home-visit', 'phone', 'message', 'no-show', 'not-reachable'])),
  note text CHECK (char_length(note) <= 2000),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id)
);
CREATE INDEX contact_moments_agreement ON contact_moments (tenant_id, agreement_id, occurred_on DESC);

GRANT SELECT, INSERT ON contact_moments TO vervolg_app;
