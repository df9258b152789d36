-- What a reader of a column should know that its name and type don't say. Comments are catalog
-- metadata, re-applied like the rest of db/functions; kysely-codegen copies them into
-- src/platform/db/schema.generated.ts as JSDoc (`npm run db:types`).
COMMENT ON COLUMN users.totp_last_step IS
  'The last accepted TOTP time step: a code is accepted once (migration 0012).';
COMMENT ON COLUMN users.totp_key IS
  'The TOTP key, encrypted with AES-256-GCM by the app (a trigger refuses plaintext; migration 0013).';
COMMENT ON TABLE recovery_codes IS
  'Single-use recovery codes; only their SHA-256 hashes (migration 0012).';
COMMENT ON COLUMN user_tokens.second_factor IS
  'A login link that counts as a verified second factor: the development demo only (migration 0012).';
COMMENT ON COLUMN outbox.status IS
  'sending: claimed by a delivery run until claimed_until (migration 0015).';
COMMENT ON COLUMN outbox.claimed_until IS
  'The lease of a sending row; past it, the outcome is unknown and the transport is asked first.';
COMMENT ON TABLE signer_access IS
  'What a signer may still do once their link is used or expired (migration 0014).';
COMMENT ON COLUMN webhook_endpoints.secret IS
  'The signing secret, encrypted with AES-256-GCM by the app (a trigger refuses plaintext; migration 0013).';
COMMENT ON COLUMN webhook_endpoints.disabled_at IS
  'Set when the endpoint is deleted through the API: final, the row stays for its deliveries.';

COMMENT ON TABLE tenant_themes IS
  'A municipality''s look on every page: colours mapped onto the NL Design System tokens, and a logo. No row: the neutral default theme.';
COMMENT ON COLUMN tenant_themes.colors IS
  'Only these keys, each #rrggbb (lower case): primaryColor, primaryTextColor, linkColor, focusColor, headerBackgroundColor, headerTextColor. WCAG AA contrast is checked by the service before storing.';
COMMENT ON COLUMN tenant_themes.logo IS
  'PNG, JPEG or WebP, at most 100 kB, its type sniffed from its bytes (never SVG: it can carry script).';
COMMENT ON COLUMN tenant_themes.logo_sha256 IS
  'SHA-256 of the logo, hex: part of its URL, so the URL changes when the logo does and can be cached for a year.';

COMMENT ON TABLE contact_moments IS
  'Contact moments with the young person after signing (issue 13), append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (12_aftercare.sql).';
COMMENT ON COLUMN contact_moments.kind IS
  'src/domain/aftercare.ts CONTACT_KINDS. no-show and not-reachable are recorded but are no contact (REACHED_KINDS).';
COMMENT ON COLUMN contact_moments.occurred_on IS
  'The day it happened, in Europe/Amsterdam: not in the future, not before a year before the aftercare start (checked by the service).';

COMMENT ON TABLE review_meetings IS
  'Review meetings (evaluaties) of the plan after signing (issue 13), append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (12_aftercare.sql).';
COMMENT ON COLUMN review_meetings.participants IS
  'src/domain/aftercare.ts REVIEW_PARTICIPANTS: who took part, at least one.';
COMMENT ON COLUMN review_meetings.held_on IS
  'The day it was held, in Europe/Amsterdam: not in the future, not before a year before the aftercare start (checked by the service).';
COMMENT ON COLUMN review_meetings.next_review_on IS
  'The agreed day of the next review, after held_on; null when none was agreed.';
