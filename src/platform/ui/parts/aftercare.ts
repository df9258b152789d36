// The aftercare pages' own layout (contact moments, review meetings, the plan's progress), added to app.css (app-files.ts).
export const CSS = `
.vv-contacts{list-style:none;margin:0 0 1.5rem;padding:0}
.vv-contacts__item{border-block-start:1px solid #bbb;padding-block:.75rem}
.vv-contacts__item:last-child{border-block-end:1px solid #bbb}
.vv-contacts__item p{margin-block:.25rem}
.vv-contacts__head{margin-block-start:0}
.vv-participants{margin-block:1.25rem}
.vv-participants .utrecht-form-field--checkbox{margin-block:.5rem}
.vv-review__agreed{white-space:pre-line;overflow-wrap:anywhere}
.vv-progress__item{border-block-start:1px solid #bbb;padding-block:.75rem 1rem}
.vv-progress__item p{margin-block:.25rem}
.vv-progress__text{white-space:pre-line;overflow-wrap:anywhere}
.vv-progress__warn{color:#8a1c00}
.vv-progress__form{margin-block:.75rem}
.vv-progress__summary{cursor:pointer;color:var(--utrecht-link-color,#01689b);text-decoration:underline;padding-block:.25rem;min-block-size:44px;display:list-item}
.vv-progress__form[open]>.vv-progress__summary{margin-block-end:.5rem}
.vv-progress__form form{border-inline-start:4px solid #ccc;padding-inline-start:1rem}
`;

/** No enhancement: the form and the list work as they are. */
export const JS = ``;
