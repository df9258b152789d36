// The aftercare pages' own layout (contact moments, review meetings), added to app.css (app-files.ts).
export const CSS = `
.vv-contacts{list-style:none;margin:0 0 1.5rem;padding:0}
.vv-contacts__item{border-block-start:1px solid #bbb;padding-block:.75rem}
.vv-contacts__item:last-child{border-block-end:1px solid #bbb}
.vv-contacts__item p{margin-block:.25rem}
.vv-contacts__head{margin-block-start:0}
.vv-participants{margin-block:1.25rem}
.vv-participants .utrecht-form-field--checkbox{margin-block:.5rem}
.vv-review__agreed{white-space:pre-line;overflow-wrap:anywhere}
`;

/** No enhancement: the form and the list work as they are. */
export const JS = ``;
