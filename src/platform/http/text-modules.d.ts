// Files wrangler bundles as text modules (wrangler.toml [[rules]] type = "Text"): their default
// export is the file's content. Only src/platform/http/docs-assets-worker.ts imports them.
declare module 'swagger-ui-dist/swagger-ui-bundle.js' {
  const text: string;
  export default text;
}
declare module 'swagger-ui-dist/swagger-ui.css' {
  const text: string;
  export default text;
}
// The pages' NL Design System CSS (src/platform/ui/ui-assets-worker.ts).
declare module '*/dist/index.min.css' {
  const text: string;
  export default text;
}
declare module '@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css' {
  const text: string;
  export default text;
}
