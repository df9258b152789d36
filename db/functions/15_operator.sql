-- The platform operator's own rows (migration 0024): invitations to become an operator belong to
-- no municipality and no provider, so the owner policy of invitations (02_platform.sql) never shows
-- them. This second, permissive policy shows and lets write them in the operator's context only
-- (app_is_operator(): set by the access layer for the operator, and by the invitation's acceptance
-- only after its token matched one). Municipal and provider invitations are untouched by it.
DROP POLICY IF EXISTS invitations_operator ON invitations;
CREATE POLICY invitations_operator ON invitations
  USING (platform_operator AND app_is_operator())
  WITH CHECK (platform_operator AND app_is_operator() AND tenant_id IS NULL AND provider_id IS NULL);
