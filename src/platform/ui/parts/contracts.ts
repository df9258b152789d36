// The contract pages' own layout (app-files.ts adds it to app.css): the form's rows in a grid that
// stacks on a phone, a refused row marked with a bar beside it (not by colour alone: its legend
// says so too), the tariff timeline's lanes, and the list's flags. No inline styles: the page CSP
// has none, so the timeline's bars are SVG rects placed by their attributes.
export const CSS = `
.vv-contract-form>form>.utrecht-form-fieldset,.vv-cf-fieldset{margin-block:1.25rem;padding:0;border:0;min-inline-size:0}
.vv-cf-product{border-block-start:2px solid #545454!important;padding-block-start:.5rem!important}
.vv-cf-fieldset>legend{font-weight:700;font-size:1.125rem;padding:0}
.vv-cf-tariff>legend{font-size:1rem}
.vv-cf-grid{display:grid;gap:0 1rem;grid-template-columns:1fr}
@media (min-width:40em){.vv-cf-grid{grid-template-columns:repeat(2,minmax(0,1fr))}.vv-cf-grid--3{grid-template-columns:repeat(3,minmax(0,1fr))}}
.vv-cf-grid>.utrecht-form-field{margin-block:.75rem}
.vv-row--refused{border-inline-start:6px solid #a3001b!important;padding-inline-start:.75rem!important;background:#fdf2f3}
.vv-row__flag{color:#a3001b;font-weight:700}
.vv-cf-add{margin-block:.5rem 1rem}
.vv-timeline{margin:1rem 0 1.5rem;padding:.75rem;border:1px solid #bbb;border-radius:4px;background:#fff}
.vv-timeline__caption{font-weight:700;margin-block-end:.5rem}
.vv-timeline__lane{display:grid;grid-template-columns:7.5rem minmax(0,1fr);align-items:center;gap:.5rem;margin-block:.25rem}
.vv-timeline__label{font-size:.875rem}
.vv-main svg.vv-lane{display:block;inline-size:100%;block-size:1.125rem;max-inline-size:none;background:#f3f3f3}
.vv-lane__bar{fill:#1f5fa8}.vv-lane__refused{fill:#a3001b}.vv-lane__period{fill:#6b6b6b}
.vv-lane__gap{fill:#fff;stroke:#a3001b;stroke-width:2;vector-effect:non-scaling-stroke}
.vv-lane__overlap{fill:#a3001b}
.vv-timeline__axis{display:flex;justify-content:space-between;font-size:.8125rem;margin-inline-start:8rem;color:#4a4a4a}
.vv-timeline__list{margin-block:.75rem 0;padding-inline-start:1.25rem}
.vv-timeline__gap,.vv-timeline__overlap,.vv-timeline__refused{color:#a3001b;font-weight:600}
.vv-mark{display:inline-block;inline-size:.875rem;block-size:.875rem;margin-inline-end:.375rem;vertical-align:-.125rem;border:2px solid #a3001b}
.vv-mark--overlap{background:#a3001b}
.vv-flag{color:#a3001b}
.vv-contracts-page>:is(.utrecht-paragraph,.utrecht-alert,form){margin-block:0 1rem}
.vv-contracts-filter{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}
.vv-contracts-filter .utrecht-form-field{margin-block:0}.vv-contracts-filter .vv-actions{margin-block:0 .25rem}
.vv-contracts :is(th,td),.vv-contract-table :is(th,td){vertical-align:top;border-block-end:1px solid #bbb;padding:.4rem .5rem;text-align:start}
.vv-contracts,.vv-contract-table{inline-size:100%}
.vv-contracts .utrecht-table__caption,.vv-contract-table .utrecht-table__caption{text-align:start}
.vv-num{text-align:end!important;font-variant-numeric:tabular-nums;white-space:nowrap}
.vv-muted{color:#4a4a4a;font-size:.875rem}
.vv-row--warning{background:#fff5e5}.vv-row--current{background:#eef4fb}
.vv-contract-actions{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:center}
.vv-contract-actions li{margin:0}
.vv-contract-asof{margin-block:1rem;padding:.75rem 1rem;border:1px solid #bbb;border-radius:4px}
.vv-contract-asof .utrecht-heading-3{margin-block-start:0}
.vv-inline-form{display:flex;flex-wrap:wrap;gap:0 1rem;align-items:flex-end}.vv-inline-form .utrecht-form-field{margin-block:0}
.vv-inline-form .utrecht-button{margin-block-end:.25rem}
.vv-contract-page .utrecht-data-list{margin-block:0 1rem}
.vv-contract-page .utrecht-alert .utrecht-paragraph{margin:0 0 .25rem}
.vv-entry-form{margin-block:1rem;padding:.75rem 1rem;border:1px solid #bbb;border-radius:4px}
.vv-contract-status--draft{background:#e8e8e8;color:#1a1a1a}.vv-contract-status--active{background:#e3f1e6;color:#14532a}
.vv-contract-status--suspended{background:#fff0d6;color:#5c3a00}.vv-contract-status--ended{background:#ececec;color:#3a3a3a}
.utrecht-status-badge.vv-contract-status{padding:.125rem .5rem;border-radius:4px;font-weight:600;font-size:.875rem}
`;

/** Nothing: the pages need no JavaScript. */
export const JS = ``;
