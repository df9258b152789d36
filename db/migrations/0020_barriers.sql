-- Frozen once shipped. Issue 13, what stands in the way: barriers a case manager records for a
-- young person ('randvoorwaarden die de uitvoering belemmeren'), published only as aggregates per
-- kind, product category, provider and period, with small-number suppression.
-- - kind: not-available (help needed and not there), waiting-list, no-provider (no contracted
--   provider for the product), unclear-perspective, no-phasing (no departure preparation),
--   chain-cooperation (with partner: school, wmo, housing-corporation, debt-counselling, other).
-- - product_category: JZ020 two-digit category where it applies; provider_id where relevant;
--   waiting_weeks for a waiting list.
-- Append-only: a barrier is a fact of the day it was met (noted_on) and is counted by that day;
-- it is never changed.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE barriers (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('not-available', 'waiting-list', 'no-provider', 'unclear-perspective', 'no-phasing', 'chain-cooperation')),
  product_category text CHECK (product_category ~ '^[0-9]{2}$'),
  provider_id uuid REFERENCES providers(id),
  intervention text CHECK (char_length(intervention) BETWEEN 1 AND 200),
  partner text CHECK (partner IN ('school', 'wmo', 'housing-corporation', 'debt-counselling', 'other')),
  waiting_weeks integer CHECK (waiting_weeks BETWEEN 0 AND 520),
  noted_on date NOT NULL,
  note text CHECK (char_length(note) BETWEEN 1 AND 2000),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id),
  CHECK ((partner IS NOT NULL) = (kind = 'chain-cooperation'))
);
CREATE INDEX barriers_period ON barriers (tenant_id, noted_on);
CREATE INDEX barriers_agreement ON barriers (tenant_id, agreement_id, noted_on DESC);

GRANT SELECT, INSERT ON barriers TO vervolg_app;
