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
