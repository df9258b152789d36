-- Frozen once shipped. Issue 13, the living plan, second slice: review meetings (evaluaties), the
-- agreed review moments of the plan after signing: when it was held, who took part, what was
-- agreed and when the next review is. Recorded beside the signed agreement and never changed:
-- append-only, with who recorded it and when.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE review_meetings (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  held_on date NOT NULL,
  participants text[] NOT NULL CHECK (cardinality(participants) >= 1),
  agreed text NOT NULL CHECK (char_length(agreed) BETWEEN 1 AND 4000),
  next_review_on date CHECK (next_review_on > held_on),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  CHECK (participants <@ ARRAY['young-person', 'network', 'provider', 'case-manager', 'other']),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id)
);
CREATE INDEX review_meetings_agreement ON review_meetings (tenant_id, agreement_id, held_on DESC);

GRANT SELECT, INSERT ON review_meetings TO vervolg_app;
