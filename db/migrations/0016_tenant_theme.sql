-- Frozen once shipped. Issue 12: each municipality's look on every page (the young person's
-- signing page included): colours as design tokens and a logo. No row: the neutral default theme.
--
-- The logo is stored here (no object store on both runtimes) and served at a URL carrying its
-- SHA-256, so it can be cached for a year. Only PNG, JPEG and WebP, at most 100 kB: no SVG (an
-- SVG can carry script).
--
-- Tables and data only: functions, triggers and row-level security live in db/functions/*.sql.

CREATE TABLE tenant_themes (
  tenant_id uuid PRIMARY KEY REFERENCES tenants(id),
  colors jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (
    jsonb_typeof(colors) = 'object'
    AND colors - ARRAY['primaryColor', 'primaryTextColor', 'linkColor', 'focusColor', 'headerBackgroundColor', 'headerTextColor'] = '{}'::jsonb
    AND NOT jsonb_path_exists(colors, '$.* ? (@.type() != "string" || !(@ like_regex "^#[0-9a-f]{6}$"))')
  ),
  logo bytea CHECK (octet_length(logo) BETWEEN 1 AND 102400),
  logo_type text CHECK (logo_type IN ('image/png', 'image/jpeg', 'image/webp')),
  logo_sha256 text CHECK (logo_sha256 ~ '^[0-9a-f]{64}$'),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT tenant_themes_logo_complete CHECK ((logo IS NULL) = (logo_type IS NULL) AND (logo IS NULL) = (logo_sha256 IS NULL))
);

GRANT SELECT, INSERT, UPDATE ON tenant_themes TO vervolg_app;
