// The integration pages' own layout (webhooks, processing log), added to app.css (app-files.ts).
//
// - Paragraphs, lists, notices and forms get room between them (the @utrecht ones have none).
// - URLs, ids and secrets break anywhere rather than push a phone's screen wider (WCAG 1.4.10); the
//   secret is a read-only text box as wide as the column, in a monospace font so it copies exactly.
// - The processing log's search fields sit side by side where there is room.
// - The tables keep a readable width and scroll sideways inside their TableScroll box on a phone,
//   instead of breaking words into letters.
export const CSS = `
.vv-integrations>:is(.utrecht-paragraph,.utrecht-unordered-list,.utrecht-alert,form,.utrecht-form-field){margin-block:0 1rem}
.vv-integrations .utrecht-alert .utrecht-paragraph{margin:0}
.vv-integrations .vv-table-wrap{margin-block:1rem 1.5rem}
.vv-mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;overflow-wrap:anywhere;word-break:break-all}
.vv-url{overflow-wrap:anywhere;word-break:break-word}
.vv-muted{color:var(--basis-color-default-color-subtle,#4a4a4a);font-size:.9em}
.vv-small{font-size:.9em}
.vv-secret{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;inline-size:100%;max-inline-size:40rem;box-sizing:border-box;word-break:break-all;resize:none}
.vv-events{margin-block:1.25rem}
.vv-events .utrecht-form-field--checkbox{margin-block:.5rem}
.vv-events .vv-mono{display:block;word-break:normal;overflow-wrap:anywhere;color:var(--basis-color-default-color-subtle,#4a4a4a)}
.vv-plain-list{margin:0;padding-inline-start:1.1rem}
.vv-endpoints th a{display:inline-block;max-inline-size:22rem}
.vv-deliveries .utrecht-table__cell form,.vv-endpoints .utrecht-table__cell form{margin:0}
.vv-deliveries td,.vv-log td,.vv-log th{vertical-align:top}
.vv-endpoints,.vv-deliveries,.vv-log{inline-size:100%}
.vv-endpoints{min-inline-size:44rem}
.vv-deliveries{min-inline-size:52rem}
.vv-log{min-inline-size:60rem}
.vv-log .vv-mono{word-break:normal;overflow-wrap:anywhere}
:is(.vv-endpoints,.vv-deliveries,.vv-log) tbody :is(th,td){border-block-end:1px solid var(--utrecht-table-row-border-block-end-color,#bbb)}
:is(.vv-endpoints,.vv-deliveries,.vv-log) thead th{white-space:nowrap}
.vv-log-fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,16rem),1fr));gap:0 1.5rem}
.vv-log-search .utrecht-heading-2{margin-block:0 .5rem}
.vv-pager{display:flex;gap:1.5rem;list-style:none;padding:0}
`;

/** Runs after the page loaded; must do nothing on a page without its elements. (Nothing: the pages need no JavaScript.) */
export const JS = ``;
