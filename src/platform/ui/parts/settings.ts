// The settings pages' own layout and enhancement (general, house style, subscription), added to
// app.css / app.js (app-files.ts).
//
// - The house style's preview box: a header, a link, a primary button and a focus ring drawn with
//   the same design tokens as the real pages, set on the box by a stylesheet of its own
//   (/assets/theme-preview/<colours>.css) or, with JavaScript, on the box's style (CSSOM: allowed
//   under our CSP, which has no inline style).
// - A colour field's picker (shown by the script) and its contrast line; a failing line is bold and
//   marked, not only coloured (WCAG 1.4.1).
export const CSS = `
.vv-settings-page>:is(.utrecht-paragraph,.utrecht-alert,.utrecht-data-list,form){margin-block:0 1rem}
.vv-settings-page .utrecht-alert .utrecht-paragraph{margin:0}
.vv-color-field{margin-block:1.25rem}
.vv-color-field .utrecht-form-field{margin-block:0 .375rem}
.vv-color-field .utrecht-textbox{max-inline-size:12rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.vv-color-picker{inline-size:3rem;block-size:2.75rem;padding:.125rem;border:2px solid #545454;border-radius:4px;background:#fff;cursor:pointer}
.vv-contrast-live{margin:.375rem 0 0;font-size:.9375rem}
.vv-contrast-live:empty{display:none}
.vv-contrast-live--bad{font-weight:700;color:#a3001b;border-inline-start:4px solid #a3001b;padding-inline-start:.5rem}
.vv-theme-preview{border:2px solid #545454;border-radius:4px;background:#fff;color:#0b0c0c;overflow:hidden;margin-block:.75rem 1.5rem}
.vv-theme-preview__header{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.75rem 1rem;background:var(--vervolg-header-background-color,#f3eeff);color:var(--vervolg-header-color,#0b0c0c);border-block-end:4px solid var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-theme-preview__header img{display:block;max-block-size:2.5rem;max-inline-size:10rem}
.vv-theme-preview__name{font-weight:700;margin-inline-end:auto}
.vv-theme-preview__nav{text-decoration:underline}
.vv-theme-preview__body{padding:1rem}
.vv-theme-preview__body .utrecht-paragraph{margin-block:0 1rem}
.vv-theme-preview__samples{display:flex;flex-wrap:wrap;align-items:center;gap:1.25rem;margin:0}
.vv-theme-preview__button{cursor:default}
.vv-theme-preview__focus{display:inline-block;padding:.25rem .5rem;outline:3px solid var(--utrecht-focus-outline-color,#0b0c0c);outline-offset:2px;box-shadow:0 0 0 6px var(--utrecht-focus-background-color,#ffdd00)}
.vv-logo-now img{display:block;max-block-size:4rem;max-inline-size:16rem;border:1px solid #bbb;padding:.25rem;background:#fff}
.vv-file-input{font:inherit;max-inline-size:100%}
.vv-billing{margin-block:1rem}
.vv-invoices :is(th,td){white-space:nowrap}
.vv-invoices .vv-num{text-align:end;font-variant-numeric:tabular-nums}
`;

/**
 * The house style page: a colour picker beside each colour field (both stay in step), and as the
 * person types or picks, each contrast line says the ratio (WCAG AA, the rules the server sent in
 * data-contrast-rules) and the preview box takes the colours — only once they all pass, so the box
 * never shows what cannot be saved. Does nothing on a page without the form.
 */
export const JS = `(function(){
  var form = document.querySelector('form[data-theme-form]');
  var preview = document.querySelector('[data-theme-preview]');
  if (!form || !preview) return;
  var defaults = JSON.parse(form.getAttribute('data-defaults'));
  var rules = JSON.parse(form.getAttribute('data-contrast-rules'));
  var props = JSON.parse(preview.getAttribute('data-theme-properties'));
  var decimal = form.getAttribute('data-decimal') || '.';
  var note = document.querySelector('[data-theme-preview-status]');
  var HEX = /^#[0-9a-fA-F]{6}$/;
  function channel(hex, i){ var v = parseInt(hex.slice(i, i + 2), 16) / 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
  function luminance(hex){ return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5); }
  function ratio(a, b){ var x = luminance(a), y = luminance(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function format(n){ return String(Math.floor(n * 100) / 100).replace('.', decimal); }
  function field(key){ return form.elements.namedItem(key); }
  function values(){
    var v = {};
    Object.keys(defaults).forEach(function(key){
      var typed = (field(key).value || '').trim();
      v[key] = typed === '' ? defaults[key] : (HEX.test(typed) ? typed.toLowerCase() : null);
    });
    return v;
  }
  var changed = false;
  function update(){
    var v = values();
    var ok = Object.keys(v).every(function(key){ return v[key] !== null; });
    rules.forEach(function(rule){
      var line = form.querySelector('[data-contrast-live="' + rule.key + '"]');
      var fg = v[rule.key], bg = rule.on === 'white' ? '#ffffff' : v[rule.on];
      if (!line) return;
      if (!fg || !bg) { line.textContent = ''; return; }
      var r = ratio(fg, bg), pass = r >= rule.minimum;
      if (!pass) ok = false;
      var text = line.getAttribute(pass ? 'data-ok' : 'data-bad').replace('{ratio}', format(r));
      if (line.textContent !== text) line.textContent = text;
      line.classList.toggle('vv-contrast-live--bad', !pass);
    });
    if (ok) Object.keys(props).forEach(function(key){ props[key].forEach(function(p){ preview.style.setProperty(p, v[key]); }); });
    if (note && changed) {
      var say = note.getAttribute(ok ? 'data-live' : 'data-kept');
      if (note.textContent !== say) note.textContent = say;
    }
  }
  Array.prototype.forEach.call(form.querySelectorAll('input[type=color][data-color-for]'), function(picker){
    var key = picker.getAttribute('data-color-for');
    var text = field(key);
    picker.hidden = false;
    picker.addEventListener('input', function(){ text.value = picker.value; changed = true; update(); });
    text.addEventListener('input', function(){
      var typed = text.value.trim();
      if (HEX.test(typed)) picker.value = typed.toLowerCase();
      else if (typed === '') picker.value = defaults[key];
      changed = true;
      update();
    });
  });
  update();
})();
`;
