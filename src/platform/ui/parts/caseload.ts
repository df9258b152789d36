// The caseload pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
//
// Layout: the filter and search forms side by side on a wide screen, stacked on a phone; the table
// keeps a readable width and scrolls inside its region on a narrow screen (TableScroll). Status
// badges carry their word; the colour only adds to it (each pair at least 4.5:1). What needs
// action: urgent entries get a thick border and bold text, not colour alone.
export const CSS = `
.vv-caseload-cards{display:none;list-style:none;margin:0;padding:0}
@media (max-width:40em){.vv-caseload-wide{display:none}.vv-caseload-cards{display:block}}
.vv-caseload-card{border-block-start:1px solid #bbb;padding-block:.75rem}
.vv-caseload-card:last-child{border-block-end:1px solid #bbb}
.vv-caseload-card__name{margin:0 0 .5rem;font-weight:600;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center}
.vv-caseload-card__facts{margin:.5rem 0 0;display:grid;gap:.25rem}
.vv-caseload-card__facts div{display:flex;flex-wrap:wrap;gap:0 .5rem}
.vv-main .vv-caseload-card__facts dt{font-weight:700}.vv-main .vv-caseload-card__facts dt::after{content:":"}
.vv-main .vv-caseload-card__facts dd{margin:0}
.vv-caseload-tools{display:grid;gap:0 2rem;grid-template-columns:minmax(0,1fr)}
@media (min-width:64em){.vv-caseload-tools{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}}
.vv-caseload-tools .utrecht-heading-2{font-size:1.1875rem;margin-block:1rem .25rem}
.vv-caseload-fields{display:flex;flex-wrap:wrap;gap:0 1rem}
.vv-caseload-fields .utrecht-form-field{flex:1 1 12rem;min-inline-size:0;margin-block:.75rem}
.vv-caseload-search .utrecht-form-field{margin-block:.75rem}
.vv-caseload-tools form .utrecht-button{margin-block:.25rem .5rem}
.vv-caseload-subtle{color:#4a4a4a}
.vv-caseload-table{inline-size:100%;min-inline-size:52rem;border-collapse:collapse}
.vv-caseload-table :is(th,td){text-align:start;vertical-align:top;padding:.5rem .625rem;border-block-end:1px solid #bbb}
.vv-caseload-table thead th{border-block-end:2px solid #545454;white-space:nowrap}
.vv-caseload-count{font-weight:700;margin-block:1.5rem .5rem}
.vv-caseload-table tbody th{font-weight:600;white-space:nowrap}
.vv-badge{display:inline-block;white-space:nowrap;border:2px solid;border-radius:999px;padding:.125rem .625rem;font-weight:600;font-size:.9375rem;line-height:1.4}
.vv-badge--neutral{background:#f3f3f3;color:#1a1a1a;border-color:#6b6b6b}
.vv-badge--warning{background:#fff4d6;color:#4d3200;border-color:#a06a00}
.vv-badge--success{background:#e6f4ea;color:#0d4a1f;border-color:#1e7b34}
.vv-badge--danger{background:#fde8ea;color:#7a0012;border-color:#b00020}
.vv-badge--inactive{background:#fff;color:#3d3d3d;border-color:#767676;border-style:dashed}
.vv-caseload-actions{list-style:none;margin:0;padding:0}
.vv-caseload-action{margin:0 0 .25rem;padding-inline-start:.5rem;border-inline-start:3px solid #767676;max-inline-size:22rem}
.vv-caseload-action--urgent{font-weight:700;border-inline-start:6px solid #b00020}
.vv-caseload-range{margin-block:1rem .25rem}
.vv-caseload-pager{list-style:none;margin:0 0 1rem;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1.5rem}
.vv-caseload-pager .utrecht-button{inline-size:auto}
`;

/**
 * Runs after the page loaded; must do nothing on a page without its elements. The filter form
 * applies a choice made with the mouse at once (and says so); with the keyboard, arrowing through
 * a select must not reload the page at every step, so there the Filter button applies it.
 */
export const JS = `(function(){
  var form = document.querySelector('form[data-caseload-filter]');
  if (!form) return;
  var hint = form.querySelector('[data-caseload-autohint]');
  if (hint) hint.hidden = false;
  var keyed = false;
  form.addEventListener('keydown', function(e){ if (e.target && e.target.tagName === 'SELECT') keyed = true; });
  form.addEventListener('pointerdown', function(){ keyed = false; });
  form.addEventListener('change', function(e){
    if (!e.target || e.target.tagName !== 'SELECT') return;
    if (keyed) { keyed = false; return; }
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });
})();
`;
