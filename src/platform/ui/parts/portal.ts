// The provider portal's pages (src/modules/providers/pages): room between paragraphs, tables and
// forms; a new API key in a monospaced box as wide as the page (it is selected and copied whole);
// numbers aligned to the end of their column.
export const CSS = `
.vv-portal>:is(.utrecht-paragraph,.utrecht-unordered-list,.utrecht-alert,.utrecht-data-list,form,.utrecht-form-field){margin-block:0 1rem}
.vv-portal .utrecht-alert .utrecht-paragraph{margin:0}
.vv-portal .vv-table-wrap{margin-block:1rem 1.5rem}
.vv-portal .utrecht-table__caption{text-align:start;font-size:1rem;font-weight:400;margin-block-end:.5rem}
.vv-portal :is(th,td){overflow-wrap:normal;word-break:normal;hyphens:none}
.vv-portal :is(code,.vv-nowrap){white-space:nowrap}
.vv-portal .vv-scopes{margin:0;padding:0;list-style:none;min-inline-size:10rem}
.vv-portal .vv-num{text-align:end;font-variant-numeric:tabular-nums}
.vv-portal .vv-actions{align-items:center}
.vv-secret{font-family:ui-monospace,Menlo,Consolas,monospace;inline-size:100%;max-inline-size:100%;box-sizing:border-box}
.vv-portal-period{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin-block:0 1rem}
.vv-portal-period .utrecht-form-field{margin:0}
`;

/** Runs after the page loaded; must do nothing on a page without its elements. (Nothing: the pages need no JavaScript.) */
export const JS = ``;
