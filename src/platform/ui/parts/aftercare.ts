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
.vv-barrier-kinds{margin-block:1.25rem}
.vv-barrier-kinds .utrecht-form-field--radio{margin-block:.75rem;display:grid;grid-template-columns:auto 1fr;column-gap:.5rem;align-items:start}
.vv-barrier-kinds .utrecht-form-field--radio .utrecht-form-field__input{grid-row:1/span 2}
.vv-barrier-kinds__hint{grid-column:2;margin:0}
.vv-barrier-form:not(:has(input[name=kind][value=chain-cooperation]:checked)) .vv-barrier-partner{display:none}
.vv-barrier-filter{display:grid;gap:0 1rem;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));align-items:start}
.vv-barrier-filter .utrecht-form-field{margin-block:.75rem}
.vv-barrier-filter .vv-actions{grid-column:1/-1;margin-block:.25rem .75rem}
/* On a phone the table scrolls sideways (TableScroll) rather than break words mid-way. */
.vv-barrier-report :is(th,td){overflow-wrap:normal;word-break:normal;hyphens:manual}
.vv-barrier-report th[scope=row]{min-inline-size:11rem}
.vv-barrier-report .num{text-align:end;font-variant-numeric:tabular-nums}
.vv-barrier-report__hidden{text-align:center}
.vv-barrier-report .vv-barrier-report__total :is(th,td){font-weight:700}
.vv-barrier-report .vv-barrier-report__subgroup th[scope=row]{font-weight:400;padding-inline-start:1.75rem}
.vv-barrier-csv{margin-block:1.5rem}
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
