// The editor pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
export const CSS = `
.vv-row{border:1px solid var(--basis-color-default-border-subtle,#c9c9c9);border-radius:4px;padding:.75rem 1rem 1rem;margin-block:0 1rem;min-inline-size:0}
.vv-row__legend{font-weight:700;padding-inline:.25rem}
.vv-row__actions,.vv-actions{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem 1.25rem;margin-block-start:1rem}
.vv-plan-section{border-block-start:1px solid var(--basis-color-default-border-subtle,#c9c9c9);padding-block:.5rem 1rem}
.vv-plan-section__head{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:.25rem 1rem}
.vv-plan-section__head h2{margin-block-end:.25rem}
.vv-plan-links{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0;margin-block:1rem}
.vv-plan-changes{margin-block:1rem 1.5rem;padding:1rem;border-inline-start:4px solid var(--utrecht-button-primary-action-background-color,#5115ef);background:var(--basis-color-accent-1-bg-subtle,#f7f5fe)}
.vv-plan-changes>h2:first-child,.vv-plan-changes>h3:first-child{margin-block-start:0}
.vv-plan-changes ins{text-decoration:underline;text-decoration-thickness:2px}
.vv-plan-changes del{text-decoration:line-through}
.vv-facts{overflow-wrap:anywhere}
.vv-editor textarea,.vv-editor input,.vv-editor select{max-inline-size:100%}
.vv-preview-notice{margin-block-end:1.5rem}
`;

/**
 * Rows added and removed in place (the same buttons post the form without JavaScript): a new row
 * is a copy of the section's <template>, the rows are numbered again after each change (names,
 * ids, labels, the legend and the remove button), focus goes to the new row's first field, or
 * after a removal to the next row (or the one before, or the add button); a polite live region
 * says what happened. Does nothing on a page without [data-editor-list].
 */
export const JS = `
(function () {
  var lists = document.querySelectorAll('[data-editor-list]');
  if (!lists.length) return;
  Array.prototype.forEach.call(lists, function (box) {
    var list = box.getAttribute('data-editor-list');
    var word = box.getAttribute('data-editor-row-word');
    var rowsEl = box.querySelector('[data-editor-rows]');
    var template = box.querySelector('template[data-editor-template]');
    var addButton = box.querySelector('[data-editor-add]');
    var status = box.querySelector('[data-editor-status]');
    if (!rowsEl || !template || !addButton) return;
    var say = function (text) { if (status) { status.textContent = ''; setTimeout(function () { status.textContent = text; }, 50); } };
    var rows = function () { return Array.prototype.slice.call(rowsEl.querySelectorAll('[data-editor-row]')); };
    var nameRe = new RegExp('^' + list + '\\\\.(\\\\d+|__i__)\\\\.');
    var idRe = new RegExp('field-' + list + '-(\\\\d+|__i__)-', 'g');
    var renumber = function () {
      rows().forEach(function (row, i) {
        row.id = list + '-row-' + i;
        Array.prototype.forEach.call(row.querySelectorAll('[name],[id],[for],[aria-describedby]'), function (el) {
          var n = el.getAttribute('name');
          if (n && nameRe.test(n)) el.setAttribute('name', n.replace(nameRe, list + '.' + i + '.'));
          ['id', 'for', 'aria-describedby'].forEach(function (attr) {
            var v = el.getAttribute(attr);
            if (v) el.setAttribute(attr, v.replace(idRe, 'field-' + list + '-' + i + '-'));
          });
        });
        var num = row.querySelector('[data-row-number]');
        if (num) num.textContent = String(i + 1);
        var remove = row.querySelector('[data-editor-remove]');
        if (remove) {
          remove.value = 'remove-' + word + '-' + i;
          remove.textContent = remove.textContent.replace(/__n__|\\d+/, String(i + 1));
        }
      });
    };
    var firstField = function (row) { return row.querySelector('input:not([type=hidden]),select,textarea'); };
    addButton.addEventListener('click', function (event) {
      event.preventDefault();
      var copy = template.content.firstElementChild.cloneNode(true);
      rowsEl.appendChild(copy);
      renumber();
      var field = firstField(copy);
      if (field) field.focus();
      say(box.getAttribute('data-editor-added') || '');
    });
    rowsEl.addEventListener('click', function (event) {
      var button = event.target.closest && event.target.closest('[data-editor-remove]');
      if (!button) return;
      event.preventDefault();
      var row = button.closest('[data-editor-row]');
      var all = rows();
      var at = all.indexOf(row);
      row.remove();
      renumber();
      var left = rows();
      var next = left[at] || left[at - 1];
      var target = next ? firstField(next) : addButton;
      if (target) target.focus();
      say(box.getAttribute('data-editor-removed') || '');
    });
  });
})();
`;
