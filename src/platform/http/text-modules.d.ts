// Files wrangler bundles as text modules (wrangler.toml [[rules]] type = "Text"): their default
// export is the file's content.
// The pages' NL Design System CSS (src/platform/ui/ui-assets-worker.ts).
declare module '*/dist/index.min.css' {
  const text: string;
  export default text;
}
declare module '@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css' {
  const text: string;
  export default text;
}
