-- Aftercare after signing (migrations 0017, 0018): progress recorded beside the signed agreement.
--
-- Contact moments are append-only: vervolg_app has no UPDATE or DELETE grant, and a trigger
-- refuses UPDATE, DELETE and TRUNCATE for every role, the owner included (refuse_change,
-- 02_platform.sql). A wrong entry is corrected by recording another, never by changing one.
CREATE OR REPLACE TRIGGER contact_moments_append_only BEFORE UPDATE OR DELETE ON contact_moments
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER contact_moments_no_truncate BEFORE TRUNCATE ON contact_moments
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

SELECT vervolg_tenant_table('contact_moments');

-- Review meetings (migration 0018) are append-only in the same way.
CREATE OR REPLACE TRIGGER review_meetings_append_only BEFORE UPDATE OR DELETE ON review_meetings
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER review_meetings_no_truncate BEFORE TRUNCATE ON review_meetings
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

SELECT vervolg_tenant_table('review_meetings');

-- The rest of the living plan (migration 0019): progress on the plan's items, append-only.
CREATE OR REPLACE TRIGGER plan_progress_append_only BEFORE UPDATE OR DELETE ON plan_progress
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER plan_progress_no_truncate BEFORE TRUNCATE ON plan_progress
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
SELECT vervolg_tenant_table('plan_progress');

-- The young person's own notes and requests for help: append-only too.
CREATE OR REPLACE TRIGGER young_person_notes_append_only BEFORE UPDATE OR DELETE ON young_person_notes
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER young_person_notes_no_truncate BEFORE TRUNCATE ON young_person_notes
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
SELECT vervolg_tenant_table('young_person_notes');

SELECT vervolg_tenant_table('aftercare_settings');
SELECT vervolg_tenant_table('practical_info');

-- Barriers (migration 0020): append-only facts, read only as aggregates outside the agreement.
CREATE OR REPLACE TRIGGER barriers_append_only BEFORE UPDATE OR DELETE ON barriers
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE OR REPLACE TRIGGER barriers_no_truncate BEFORE TRUNCATE ON barriers
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();
SELECT vervolg_tenant_table('barriers');

-- ---------------------------------------------------------------------------------------------
-- Keeping every young person in view (migration 0021).
--
-- refresh_aftercare_state recomputes the one row of aftercare_state of an agreement from
-- everything it summarises. Triggers on each of those tables call it in the same transaction, so
-- the row is never stale; it recomputes the whole row (a few index look-ups over one agreement's
-- records) rather than patching it, so no trigger can get a rule subtly wrong. SECURITY DEFINER:
-- a provider's follow-up report or a signer's action changes the state of an agreement that
-- principal cannot read; the function reads and writes only that one agreement's rows.
CREATE OR REPLACE FUNCTION refresh_aftercare_state(p_tenant uuid, p_agreement uuid) RETURNS void
  LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  WITH a AS (
    SELECT tenant_id, id, plan, status, young_person_birth_date AS born, departure_date, aftercare_start_date, updated_at
      FROM agreements WHERE tenant_id = p_tenant AND id = p_agreement
  ), progress AS (
    -- The current state of every item: its latest entry (by day, then id: ids are UUIDv7).
    SELECT DISTINCT ON (p.kind, p.item_ref) p.kind, p.item_ref, p.occurred_on, p.status, p.kept, p.action, p.id
      FROM plan_progress p
     WHERE p.tenant_id = p_tenant AND p.agreement_id = p_agreement AND p.kind IN ('goal', 'commitment', 'condition', 'checklist')
     ORDER BY p.kind, p.item_ref, p.occurred_on DESC, p.id DESC
  ), latest_review AS (
    SELECT r.next_review_on FROM review_meetings r
     WHERE r.tenant_id = p_tenant AND r.agreement_id = p_agreement
     ORDER BY r.held_on DESC, r.id DESC LIMIT 1
  ), latest_version AS (
    SELECT v.version, v.status, v.sent_at FROM agreement_versions v
     WHERE v.tenant_id = p_tenant AND v.agreement_id = p_agreement
     ORDER BY v.version DESC LIMIT 1
  )
  INSERT INTO aftercare_state AS s (tenant_id, agreement_id, last_contact_on, next_review_on, checklist_open, framework,
                                    condition_not_kept_since, risk_without_action_since, help_asked_on,
                                    follow_up_3_reported, follow_up_12_reported, signing_sent_at, link_expires_at,
                                    status, aftercare_start_date,
                                    handover_from, turns_23_on, follow_up_3_on, follow_up_12_on, follow_up_end_on, stuck_since, refreshed_at)
  SELECT a.tenant_id, a.id,
    (SELECT max(c.occurred_on) FROM contact_moments c
      WHERE c.tenant_id = p_tenant AND c.agreement_id = p_agreement
        AND c.kind IN ('face-to-face', 'home-visit', 'phone', 'message')),
    -- The next review agreed at the latest meeting; before any meeting, the plan's first review
    -- moment not held.
    CASE WHEN EXISTS (SELECT 1 FROM review_meetings r WHERE r.tenant_id = p_tenant AND r.agreement_id = p_agreement)
         THEN (SELECT next_review_on FROM latest_review)
         ELSE (SELECT min((r.value->>'plannedOn')::date) FROM jsonb_array_elements(coalesce(a.plan->'reviews', '[]')) r
                WHERE r.value->>'heldOn' IS NULL AND r.value->>'plannedOn' IS NOT NULL) END,
    -- Open while any of the nine turning-18 items (TURNING_18_CODES) is neither done nor not
    -- needed: its latest entry, else what the plan says of it, else to do.
    EXISTS (
      SELECT 1 FROM unnest(ARRAY['digid', 'health-insurance', 'allowances', 'bank-account', 'student-finance',
                                 'house-seeker-registration', 'insurance', 'tax-return', 'child-support']) AS item(code)
       WHERE coalesce(
               (SELECT p.status FROM progress p WHERE p.kind = 'checklist' AND p.item_ref = item.code),
               (SELECT c.value->>'status' FROM jsonb_array_elements(coalesce(a.plan->'checklist', '[]')) c WHERE c.value->>'item' = item.code LIMIT 1),
               'todo') NOT IN ('done', 'not-applicable')),
    (SELECT f.framework FROM plan_progress f
      WHERE f.tenant_id = p_tenant AND f.agreement_id = p_agreement AND f.kind = 'framework'
      ORDER BY f.occurred_on DESC, f.id DESC LIMIT 1),
    (SELECT min(p.occurred_on) FROM progress p WHERE p.kind = 'condition' AND p.kept = false),
    -- A risk signal observed without an action, and none recorded for it since.
    (SELECT min(r.occurred_on) FROM plan_progress r
      WHERE r.tenant_id = p_tenant AND r.agreement_id = p_agreement AND r.kind = 'risk' AND r.action IS NULL
        AND NOT EXISTS (SELECT 1 FROM plan_progress x WHERE x.tenant_id = p_tenant AND x.refers_to = r.id)),
    (SELECT max((n.created_at AT TIME ZONE 'Europe/Amsterdam')::date) FROM young_person_notes n
      WHERE n.tenant_id = p_tenant AND n.agreement_id = p_agreement AND n.kind = 'help'),
    EXISTS (SELECT 1 FROM outcome_measurements m JOIN trajectories t ON t.tenant_id = m.tenant_id AND t.id = m.trajectory_id
             WHERE t.tenant_id = p_tenant AND t.agreement_id = p_agreement AND m.kind = 'follow-up' AND m.slot = '3'),
    EXISTS (SELECT 1 FROM outcome_measurements m JOIN trajectories t ON t.tenant_id = m.tenant_id AND t.id = m.trajectory_id
             WHERE t.tenant_id = p_tenant AND t.agreement_id = p_agreement AND m.kind = 'follow-up' AND m.slot = '12'),
    (SELECT v.sent_at FROM latest_version v WHERE v.status = 'sent'),
    (SELECT min(g.expires_at) FROM signers g, latest_version v
      WHERE v.status = 'sent' AND g.tenant_id = p_tenant AND g.agreement_id = p_agreement AND g.version = v.version AND g.status = 'notified'),
    a.status, a.aftercare_start_date,
    -- 18 months before the 18th birthday (the birthday first, then back: 29 February clamps as
    -- PostgreSQL's date + interval does), the 23rd birthday, 3, 12 and 18 months after departure.
    (a.born + interval '18 years' - interval '18 months')::date,
    (a.born + interval '23 years')::date,
    (a.departure_date + interval '3 months')::date,
    (a.departure_date + interval '12 months')::date,
    (a.departure_date + interval '18 months')::date,
    CASE WHEN a.status IN ('declined', 'expired') THEN (a.updated_at AT TIME ZONE 'Europe/Amsterdam')::date END,
    now()
  FROM a
  ON CONFLICT (tenant_id, agreement_id) DO UPDATE SET
    last_contact_on = EXCLUDED.last_contact_on, next_review_on = EXCLUDED.next_review_on,
    checklist_open = EXCLUDED.checklist_open, framework = EXCLUDED.framework,
    condition_not_kept_since = EXCLUDED.condition_not_kept_since, risk_without_action_since = EXCLUDED.risk_without_action_since,
    help_asked_on = EXCLUDED.help_asked_on, follow_up_3_reported = EXCLUDED.follow_up_3_reported,
    follow_up_12_reported = EXCLUDED.follow_up_12_reported, signing_sent_at = EXCLUDED.signing_sent_at,
    link_expires_at = EXCLUDED.link_expires_at, status = EXCLUDED.status, aftercare_start_date = EXCLUDED.aftercare_start_date, handover_from = EXCLUDED.handover_from, turns_23_on = EXCLUDED.turns_23_on,
    follow_up_3_on = EXCLUDED.follow_up_3_on, follow_up_12_on = EXCLUDED.follow_up_12_on, follow_up_end_on = EXCLUDED.follow_up_end_on,
    stuck_since = EXCLUDED.stuck_since, refreshed_at = EXCLUDED.refreshed_at
$f$;
REVOKE ALL ON FUNCTION refresh_aftercare_state(uuid, uuid) FROM PUBLIC;

-- The triggers: each row trigger refreshes the agreement its row belongs to.
CREATE OR REPLACE FUNCTION refresh_aftercare_state_of_row() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
BEGIN
  IF TG_TABLE_NAME = 'agreements' THEN
    PERFORM refresh_aftercare_state(NEW.tenant_id, NEW.id);
  ELSIF TG_TABLE_NAME = 'outcome_measurements' THEN
    PERFORM refresh_aftercare_state(t.tenant_id, t.agreement_id)
       FROM trajectories t WHERE t.tenant_id = NEW.tenant_id AND t.id = NEW.trajectory_id AND t.agreement_id IS NOT NULL;
  ELSE
    PERFORM refresh_aftercare_state(NEW.tenant_id, NEW.agreement_id);
  END IF;
  RETURN NULL;
END $f$;
REVOKE ALL ON FUNCTION refresh_aftercare_state_of_row() FROM PUBLIC;

-- Any change of an agreement: its plan, status, dates of birth and departure all count.
CREATE OR REPLACE TRIGGER agreements_aftercare_state AFTER INSERT OR UPDATE ON agreements
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER agreement_versions_aftercare_state AFTER INSERT OR UPDATE OF status ON agreement_versions
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER signers_aftercare_state AFTER INSERT OR UPDATE OF status, expires_at ON signers
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER contact_moments_aftercare_state AFTER INSERT ON contact_moments
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER review_meetings_aftercare_state AFTER INSERT ON review_meetings
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER plan_progress_aftercare_state AFTER INSERT ON plan_progress
  FOR EACH ROW EXECUTE FUNCTION refresh_aftercare_state_of_row();
CREATE OR REPLACE TRIGGER young_person_notes_aftercare_state AFTER INSERT ON young_person_notes
  FOR EACH ROW WHEN (NEW.kind = 'help') EXECUTE FUNCTION refresh_aftercare_state_of_row();
-- Only follow-ups matter here, so a batch of 10,000 other measurements costs nothing extra.
CREATE OR REPLACE TRIGGER outcome_measurements_aftercare_state AFTER INSERT OR UPDATE ON outcome_measurements
  FOR EACH ROW WHEN (NEW.kind = 'follow-up') EXECUTE FUNCTION refresh_aftercare_state_of_row();

-- Every agreement has its row (the ones from before migration 0021 get it here, once).
SELECT refresh_aftercare_state(a.tenant_id, a.id) FROM agreements a
 WHERE NOT EXISTS (SELECT 1 FROM aftercare_state s WHERE s.tenant_id = a.tenant_id AND s.agreement_id = a.id);

SELECT vervolg_tenant_table('aftercare_state');
SELECT vervolg_tenant_table('aftercare_signal_notices');

-- The signals of the current municipality's young people in view, as of p_now (days in
-- Europe/Amsterdam), one row per signal with the day it began (since) and a detail:
--   signing-stuck        declined | expired | link-expired (a signing link ran out unused)
--   help-asked           the young person asked for help, no contact since (detail: that day)
--   risk-without-action  an agreed risk's signals were seen and no action was recorded
--   no-contact           no contact in which the young person was reached for N weeks (setting,
--                        default 6), counted from the last one, else from the aftercare start
--   condition-not-kept   a condition of the help is, as last recorded, not kept
--   review-overdue       the next review's day has passed without a review meeting
--   turning-18           18 within 18 months (or already) and the turning-18 checklist open
--                        and/or no legal framework after 18 recorded (detail: checklist,
--                        framework or both)
--   follow-up-due        3 or 12 months after departure and not reported (detail: 3 | 12);
--                        the 3-month one until 12 months, the 12-month one until 18 months
--   aftercare-ending     the young person turns 23, when help under the Jeugdwet ends, within
--                        N weeks (setting, default 8) (detail: that day)
-- In view: sent for signature, in force, being amended, declined or expired, and not yet 23. An
-- agreement ended with a reason (ended, completed) or never sent (draft, cancelled) is out of view.
-- SECURITY INVOKER: row-level security decides which municipality's rows it reads.
-- Two shapes of the same rules. aftercare_signal_days: one row per young person in view, a column
-- per signal holding the day it began (NULL: no such signal), and what the details are made of —
-- only dates, flags and numbers, so that ordering a caseload of thousands by urgency costs a few
-- comparisons per row. aftercare_signals: the same as one row per signal, with its detail as text.
-- p_ids (optional): only these agreements.
DROP FUNCTION IF EXISTS aftercare_signals(timestamptz);
CREATE OR REPLACE FUNCTION aftercare_signal_days(p_now timestamptz, p_ids uuid[] DEFAULT NULL)
  RETURNS TABLE (agreement_id uuid, signing_stuck date, stuck_detail text, help_asked date, risk_without_action date,
                 no_contact date, last_contact_on date, condition_not_kept date, review_overdue date,
                 turning_18 date, checklist_open boolean, framework_open boolean, follow_up_due date, follow_up_months integer,
                 aftercare_ending date, turns_23_on date)
  -- No SET search_path (it is SECURITY INVOKER, so the caller's applies): a plain SQL function is
  -- inlined into the query that calls it, so the caseload's filters (one case manager) reach it.
  LANGUAGE sql STABLE AS $f$
  -- MATERIALIZED: today is worked out once, not once per row and use (a time-zone conversion each).
  WITH d AS MATERIALIZED (SELECT (p_now AT TIME ZONE 'Europe/Amsterdam')::date AS today)
  SELECT s.agreement_id,
    CASE WHEN s.stuck_since IS NOT NULL THEN s.stuck_since
         WHEN s.link_expires_at <= p_now THEN (s.link_expires_at AT TIME ZONE 'Europe/Amsterdam')::date END,
    CASE WHEN s.stuck_since IS NOT NULL THEN s.status ELSE 'link-expired' END,
    CASE WHEN s.help_asked_on IS NOT NULL AND (s.last_contact_on IS NULL OR s.last_contact_on < s.help_asked_on) THEN s.help_asked_on END,
    s.risk_without_action_since,
    CASE WHEN coalesce(s.last_contact_on, s.aftercare_start_date) + w.no_contact_days <= d.today
         THEN coalesce(s.last_contact_on, s.aftercare_start_date) + w.no_contact_days END,
    s.last_contact_on,
    s.condition_not_kept_since,
    CASE WHEN s.next_review_on < d.today THEN s.next_review_on END,
    CASE WHEN s.handover_from <= d.today AND (s.checklist_open OR s.framework IS NULL) THEN s.handover_from END,
    s.checklist_open,
    s.framework IS NULL,
    CASE WHEN NOT s.follow_up_12_reported AND s.follow_up_12_on <= d.today AND s.follow_up_end_on > d.today THEN s.follow_up_12_on
         WHEN NOT s.follow_up_3_reported AND s.follow_up_3_on <= d.today AND s.follow_up_12_on > d.today THEN s.follow_up_3_on END,
    CASE WHEN s.follow_up_12_on <= d.today THEN 12 ELSE 3 END,
    CASE WHEN s.turns_23_on - w.ending_days <= d.today THEN s.turns_23_on - w.ending_days END,
    s.turns_23_on
    FROM aftercare_state s
    LEFT JOIN aftercare_settings cfg ON cfg.tenant_id = s.tenant_id
   CROSS JOIN d
   CROSS JOIN LATERAL (SELECT 7 * coalesce(cfg.no_contact_weeks, 6) AS no_contact_days, 7 * coalesce(cfg.ending_weeks, 8) AS ending_days) w
   WHERE s.status IN ('sent', 'active', 'amending', 'amendment-sent', 'declined', 'expired')
     AND s.turns_23_on > d.today
     AND (p_ids IS NULL OR s.agreement_id = ANY (p_ids))
$f$;
REVOKE ALL ON FUNCTION aftercare_signal_days(timestamptz, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aftercare_signal_days(timestamptz, uuid[]) TO vervolg_app;

CREATE OR REPLACE FUNCTION aftercare_signals(p_now timestamptz, p_ids uuid[] DEFAULT NULL)
  RETURNS TABLE (agreement_id uuid, signal text, since date, detail text)
  LANGUAGE sql STABLE SET search_path = public, pg_catalog AS $f$
  SELECT g.agreement_id, x.signal, x.since, x.detail
    FROM aftercare_signal_days(p_now, p_ids) g
   CROSS JOIN LATERAL (VALUES
     ('signing-stuck', g.signing_stuck, g.stuck_detail),
     ('help-asked', g.help_asked, NULL),
     ('risk-without-action', g.risk_without_action, NULL),
     ('no-contact', g.no_contact, CASE WHEN g.no_contact IS NOT NULL THEN g.last_contact_on::text END),
     ('condition-not-kept', g.condition_not_kept, NULL),
     ('review-overdue', g.review_overdue, NULL),
     ('turning-18', g.turning_18,
      CASE WHEN g.turning_18 IS NOT NULL THEN concat_ws(',', CASE WHEN g.checklist_open THEN 'checklist' END, CASE WHEN g.framework_open THEN 'framework' END) END),
     ('follow-up-due', g.follow_up_due, CASE WHEN g.follow_up_due IS NOT NULL THEN g.follow_up_months::text END),
     ('aftercare-ending', g.aftercare_ending, CASE WHEN g.aftercare_ending IS NOT NULL THEN g.turns_23_on::text END)
   ) AS x(signal, since, detail)
   WHERE x.since IS NOT NULL
$f$;
REVOKE ALL ON FUNCTION aftercare_signals(timestamptz, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aftercare_signals(timestamptz, uuid[]) TO vervolg_app;

-- The scheduled job (src/modules/aftercare/jobs.ts) needs to know which municipalities have young
-- people in view. This returns only those tenant ids; the job then handles each tenant in an
-- ordinary request-role transaction under row-level security.
CREATE OR REPLACE FUNCTION tenants_with_aftercare()
  RETURNS TABLE (tenant_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT DISTINCT a.tenant_id FROM agreements a
   WHERE a.status IN ('sent', 'active', 'amending', 'amendment-sent', 'declined', 'expired')
$f$;
REVOKE ALL ON FUNCTION tenants_with_aftercare() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION tenants_with_aftercare() TO vervolg_app;

-- What a provider may see of the living plan (issue 13): only of an agreement that names it
-- (agreements.provider_ids), in a municipality where it holds a contract, and only to a provider
-- principal — the goals of the plan in force by id and life domain, with their current status and
-- since when. Not the goals' wording, notes, contact moments, conditions, risks or anything else
-- about the young person: a provider reports outcomes per goal and needs to know where each goal
-- stands, nothing more. Another provider's or an unrelated agreement looks exactly like one that
-- does not exist (no rows).
CREATE OR REPLACE FUNCTION provider_goal_progress(p_agreement uuid)
  RETURNS TABLE (tenant_id uuid, goal_id text, domain text, status text, since date, ord integer)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_catalog AS $f$
  SELECT a.tenant_id, g.ref, g.value->>'domain',
         coalesce(p.status, g.value->>'status', 'open'), p.occurred_on, g.ordinality::int
    FROM agreements a
    JOIN agreement_versions v ON v.tenant_id = a.tenant_id AND v.agreement_id = a.id AND v.version = a.in_force_version
   CROSS JOIN LATERAL (SELECT e.value, e.ordinality, coalesce(e.value->>'id', e.ordinality::text) AS ref
                         FROM jsonb_array_elements(coalesce(v.content->'plan'->'goals', '[]'::jsonb)) WITH ORDINALITY AS e) g
    LEFT JOIN LATERAL (SELECT pp.status, pp.occurred_on FROM plan_progress pp
                        WHERE pp.tenant_id = a.tenant_id AND pp.agreement_id = a.id AND pp.kind = 'goal' AND pp.item_ref = g.ref
                        ORDER BY pp.occurred_on DESC, pp.id DESC LIMIT 1) p ON true
   WHERE a.id = p_agreement
     AND app_tenant_id() IS NULL AND app_provider_id() IS NOT NULL
     AND app_provider_id() = ANY (a.provider_ids)
     AND EXISTS (SELECT 1 FROM contracts c WHERE c.tenant_id = a.tenant_id AND c.provider_id = app_provider_id())
$f$;
REVOKE ALL ON FUNCTION provider_goal_progress(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION provider_goal_progress(uuid) TO vervolg_app;
