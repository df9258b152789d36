-- Frozen once shipped. Issue 13, the living plan, third slice: everything else recorded beside
-- the signed agreement, append-only, with who recorded it and when. One table, one row per thing
-- that happened to one item of the plan, told apart by `kind`:
-- - goal:       a goal's status (open, in-progress, achieved, not-achieved) with a short note;
--               item_ref is the goal's stable id (plan.goals[].id).
-- - commitment, condition: kept or not kept (kept), and when not kept, what was agreed would
--               happen and was done (action); item_ref is the commitment's or condition's id.
-- - risk:       an agreed dropout risk whose early signals were observed (note), with the action
--               taken (action) or none yet; item_ref is the risk's id.
-- - risk-action: the action taken later on a risk signal without one; refers_to is that signal.
-- - checklist:  a turning-18 item's status (todo, in-progress, done, not-applicable); item_ref is
--               the item's code.
-- - framework:  the legal framework the help continues under after 18 (Jeugdwet → Wmo,
--               Participatiewet, Zvw, Wlz, or none needed): the warm handover, recorded.
-- The current state of an item is its latest row (occurred_on, then id: ids are UUIDv7).
--
-- Also here: the young person's own voice (notes on a goal, what they want to discuss at the
-- next review, a request for help), the municipal settings of the signals, and the practical
-- information per life domain that each municipality may rewrite.
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE plan_progress (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('goal', 'commitment', 'condition', 'risk', 'risk-action', 'checklist', 'framework')),
  item_ref text CHECK (char_length(item_ref) BETWEEN 1 AND 100),
  occurred_on date NOT NULL,
  status text,
  kept boolean,
  framework text CHECK (framework IN ('wmo', 'participatiewet', 'zvw', 'wlz', 'none')),
  action text CHECK (char_length(action) BETWEEN 1 AND 2000),
  note text CHECK (char_length(note) BETWEEN 1 AND 2000),
  refers_to uuid REFERENCES plan_progress(id),
  recorded_by uuid NOT NULL REFERENCES users(id),
  recorded_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id),
  CONSTRAINT plan_progress_item CHECK ((item_ref IS NULL) = (kind IN ('risk-action', 'framework'))),
  CONSTRAINT plan_progress_goal CHECK (kind <> 'goal' OR status IN ('open', 'in-progress', 'achieved', 'not-achieved')),
  CONSTRAINT plan_progress_checklist CHECK (kind <> 'checklist' OR status IN ('todo', 'in-progress', 'done', 'not-applicable')),
  CONSTRAINT plan_progress_status CHECK ((status IS NULL) = (kind NOT IN ('goal', 'checklist'))),
  CONSTRAINT plan_progress_kept CHECK ((kept IS NULL) = (kind NOT IN ('commitment', 'condition'))),
  CONSTRAINT plan_progress_framework CHECK ((framework IS NULL) = (kind <> 'framework')),
  CONSTRAINT plan_progress_refers CHECK ((refers_to IS NULL) = (kind <> 'risk-action')),
  CONSTRAINT plan_progress_action CHECK (kind <> 'risk-action' OR action IS NOT NULL),
  CONSTRAINT plan_progress_observed CHECK (kind <> 'risk' OR note IS NOT NULL)
);
CREATE INDEX plan_progress_item ON plan_progress (tenant_id, agreement_id, kind, item_ref, occurred_on DESC, id DESC);
CREATE INDEX plan_progress_refers ON plan_progress (tenant_id, refers_to) WHERE refers_to IS NOT NULL;

GRANT SELECT, INSERT ON plan_progress TO vervolg_app;

-- The young person's own voice, from their own page (no staff member wrote it: no recorded_by).
-- - goal-note:    a note on one of their goals (goal_ref);
-- - review-topic: what they want to discuss at the next review;
-- - help:         "I need help with …" (domain when they chose one): a signal for the case
--                 manager until a contact moment on or after the day it was asked is recorded.
CREATE TABLE young_person_notes (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  agreement_id uuid NOT NULL,
  signer_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('goal-note', 'review-topic', 'help')),
  goal_ref text CHECK (char_length(goal_ref) BETWEEN 1 AND 100),
  domain text,
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreements (tenant_id, id),
  FOREIGN KEY (tenant_id, signer_id) REFERENCES signers (tenant_id, id),
  CHECK ((goal_ref IS NOT NULL) = (kind = 'goal-note')),
  CHECK (domain IS NULL OR kind = 'help')
);
CREATE INDEX young_person_notes_agreement ON young_person_notes (tenant_id, agreement_id, created_at DESC);

GRANT SELECT, INSERT ON young_person_notes TO vervolg_app;

-- The municipality's settings of the signals (no row: the defaults).
CREATE TABLE aftercare_settings (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  no_contact_weeks integer NOT NULL DEFAULT 6 CHECK (no_contact_weeks BETWEEN 1 AND 52),
  ending_weeks integer NOT NULL DEFAULT 8 CHECK (ending_weeks BETWEEN 1 AND 52),
  weekly_digest boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON aftercare_settings TO vervolg_app;

-- Practical information for living on your own, per life domain of the guideline, as each
-- municipality rewrites it (no row: the default text in src/domain/practical-info.ts).
CREATE TABLE practical_info (
  tenant_id uuid NOT NULL REFERENCES tenants(id),
  topic text NOT NULL CHECK (topic IN ('money', 'insurance', 'housing', 'study-finance', 'work', 'turning-18')),
  lang text NOT NULL CHECK (lang IN ('nl', 'en')),
  body text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 8000),
  updated_by uuid NOT NULL REFERENCES users(id),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, topic, lang)
);
GRANT SELECT, INSERT, UPDATE, DELETE ON practical_info TO vervolg_app;
