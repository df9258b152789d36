// The templates pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
//
// Layout: each section's Dutch and English text side by side from 60em, stacked on a phone; the
// status of a version in words with a border (not colour alone). Enhancement: each placeholder
// gets a button that types it into the text box chosen last (without JavaScript a person types it).
export const CSS = `
.vv-tpl-section{border:0;padding:0;margin:0 0 1.5rem;min-inline-size:0}
.vv-tpl-editor .vv-tpl-section{border-block-start:1px solid #bbb;padding-block-start:.75rem}
.vv-tpl-section__legend{font-size:1.1875rem;font-weight:700;padding:0;margin-block-end:.25rem}
.vv-tpl-pair{display:grid;grid-template-columns:minmax(0,1fr);gap:0 1.5rem}
.vv-tpl-pair .utrecht-form-field{margin-block:.75rem}
.vv-tpl-pair .utrecht-textarea{min-block-size:9rem;resize:vertical}
@media (min-width:60em){.vv-tpl-pair{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}}
.vv-tpl-read .vv-tpl-section{border-block-start:1px solid #bbb;padding-block-start:.25rem}
.vv-tpl-read .utrecht-heading-3{font-size:1rem;margin-block:.75rem .25rem}
.vv-tpl-text{white-space:pre-line;overflow-wrap:anywhere;margin-block-start:0}
.vv-tpl-status{display:inline-block;padding:.0625rem .5rem;border:2px solid;border-radius:999px;font-weight:700;font-size:.9375rem;white-space:nowrap}
.vv-tpl-status--draft{color:#5c3a00;background:#fff4e0;border-style:dashed}
.vv-tpl-status--published{color:#135225;background:#eef8f0}
.vv-tpl-status--published::before{content:"\\2713\\00a0"}
/* On a phone the table keeps readable columns and scrolls inside its TableScroll; words never break letter by letter. */
.vv-tpl-table{inline-size:100%;min-inline-size:42rem;border-collapse:collapse}
.vv-tpl-table :is(th,td){vertical-align:top;text-align:start;padding:.5rem .75rem .5rem 0;border-block-end:1px solid #bbb;overflow-wrap:normal;word-break:normal;hyphens:manual}
.vv-tpl-table thead th{border-block-end-width:2px;border-block-end-color:#545454}
.vv-tpl-table tbody th{font-weight:400}
.vv-tpl-page>:is(p,ul,form):not(.vv-actions){margin-block:0 1rem}
.vv-tpl-page>.utrecht-alert{margin-block:0 1rem}
.vv-tpl-page #field-name{max-inline-size:40rem}
.vv-tpl-summary{margin-block-end:1.25rem}
.vv-tpl-row-links{list-style:none;margin:0;padding:0}
.vv-tpl-row-links li{margin-block:.125rem}
.vv-tpl-placeholders{background:#f6f6f4;border-inline-start:4px solid #767676;padding:.25rem 1rem .75rem;margin-block:1.5rem}
.vv-tpl-placeholders .utrecht-heading-2{margin-block-start:.75rem}
.vv-tpl-placeholder-list code{font-weight:700;overflow-wrap:anywhere}
.vv-tpl-insert{margin-inline-start:.5rem;padding:.125rem .625rem;min-block-size:2rem;font:inherit;font-size:.9375rem;cursor:pointer;background:#fff;color:#0b0c0c;border:2px solid #545454;border-radius:4px}
.vv-tpl-start{display:flex;flex-wrap:wrap;align-items:flex-end;gap:0 1rem;margin-block-end:1rem}
.vv-tpl-start .utrecht-form-field{margin-block-end:.5rem;flex:1 1 18rem}
.vv-tpl-start .utrecht-button{margin-block-end:.5rem}
.vv-tpl-new-version{margin-block:1.5rem}
.vv-tpl-preview{border:1px solid #bbb;border-radius:4px;padding:0 1rem 1rem;background:#fff;max-inline-size:40rem}
`;

/** Runs after the page loaded; must do nothing on a page without its elements. */
export const JS = `(function(){
  var panel = document.querySelector('[data-tpl-placeholders]');
  var editor = document.querySelector('[data-tpl-editor]');
  if (!panel || !editor) return;
  var announce = panel.querySelector('[data-tpl-announce]');
  var last = null;
  editor.addEventListener('focusin', function (e) {
    if (e.target && e.target.matches && e.target.matches('textarea[data-tpl-text]')) last = e.target;
  });
  function labelOf(box) {
    var label = box.id ? document.querySelector('label[for="' + box.id + '"]') : null;
    return label ? label.textContent : '';
  }
  Array.prototype.forEach.call(panel.querySelectorAll('[data-placeholder]'), function (item) {
    var code = item.getAttribute('data-placeholder');
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'vv-tpl-insert';
    button.textContent = panel.getAttribute('data-insert-text') || '+';
    button.setAttribute('aria-label', item.getAttribute('data-insert-label') || code);
    button.setAttribute('data-tpl-insert', code);
    button.addEventListener('click', function () {
      var box = last || editor.querySelector('textarea[data-tpl-text]');
      if (!box) return;
      var start = typeof box.selectionStart === 'number' ? box.selectionStart : box.value.length;
      var end = typeof box.selectionEnd === 'number' ? box.selectionEnd : start;
      var max = box.maxLength > 0 ? box.maxLength : Infinity;
      if (box.value.length - (end - start) + code.length > max) return;
      box.value = box.value.slice(0, start) + code + box.value.slice(end);
      box.focus();
      box.setSelectionRange(start + code.length, start + code.length);
      last = box;
      if (announce) announce.textContent = (panel.getAttribute('data-inserted-text') || '').replace('{code}', code).replace('{field}', labelOf(box));
    });
    item.appendChild(button);
  });
})();
`;
