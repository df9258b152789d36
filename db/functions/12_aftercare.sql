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
