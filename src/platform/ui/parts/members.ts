// The members pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
//
// - Paragraphs, lists and notices on these pages get room between them (the @utrecht ones have none).
// - The tables keep each word whole: on a phone a cell never breaks "casemanager" into letters; the
//   table scrolls sideways inside its TableScroll box instead. The caption reads as a line above the
//   table, not as a centred heading.
// - The role checkboxes sit with their one-line explanation under the label.
export const CSS = `
.vv-members-page>:is(.utrecht-paragraph,.utrecht-unordered-list,.utrecht-alert,.utrecht-data-list,form){margin-block:0 1rem}
.vv-members-page .utrecht-alert .utrecht-paragraph{margin:0}
.vv-members-page .vv-table-wrap{margin-block:1rem 1.5rem}
.vv-members{inline-size:100%}
.vv-members :is(th,td){white-space:nowrap;overflow-wrap:normal;word-break:normal;hyphens:none}
.vv-members .utrecht-table__caption{text-align:start;font-size:1rem;font-weight:400;margin-block-end:.5rem;color:var(--basis-color-default-color-subtle,#4a4a4a)}
.vv-members .utrecht-table__cell form{margin:0}
.vv-members tbody :is(th,td){vertical-align:middle;border-block-end:1px solid var(--utrecht-table-row-border-block-end-color,#bbb)}
.vv-roles{margin-block:1.25rem}
.vv-roles .utrecht-form-field--checkbox{margin-block:.75rem}
.vv-members-page .vv-actions{align-items:center}
`;

/** Runs after the page loaded; must do nothing on a page without its elements. (Nothing yet: the pages need no JavaScript.) */
export const JS = ``;
