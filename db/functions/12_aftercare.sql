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
