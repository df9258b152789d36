// The young person's own page (own-page module): phone first, one column; added to app.css (app-files.ts).
export const CSS = `
.vv-own-goals{list-style:none;margin:0 0 1rem;padding:0}
.vv-own-goal{border-block-start:1px solid #bbb;padding-block:.75rem}
.vv-own-goal:last-child{border-block-end:1px solid #bbb}
.vv-own-goal p{margin-block:.25rem}
.vv-own-goal h3{margin-block:.25rem}
.vv-own-text{white-space:pre-line;overflow-wrap:anywhere}
.vv-own-form{margin-block:1rem 2rem}
.vv-own-form textarea,.vv-own-form select{max-inline-size:100%;inline-size:100%;box-sizing:border-box}
.vv-own-resend{margin-block:1rem}
.vv-own-topic{margin-block-end:1.5rem}
.vv-own-log{list-style:none}
.vv-own-help{color:#8b0000}
.vv-code{max-inline-size:10ch;letter-spacing:.2em}
`;

/** No enhancement: every form and link works as it is. */
export const JS = ``;
