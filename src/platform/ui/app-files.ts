// Our own small stylesheet and script, served with the NL Design System CSS (assets.ts). Kept as
// strings so both runtimes have them without a file system; each page family adds its part (parts/).
import * as aftercare from './parts/aftercare.js';
import * as agreement from './parts/agreement.js';
import * as caseload from './parts/caseload.js';
import * as contracts from './parts/contracts.js';
import * as editor from './parts/editor.js';
import * as integrations from './parts/integrations.js';
import * as members from './parts/members.js';
import * as outcomes from './parts/outcomes.js';
import * as ownPage from './parts/own-page.js';
import * as settings from './parts/settings.js';
import * as portal from './parts/portal.js';
import * as templates from './parts/templates.js';

const PARTS = [caseload, editor, agreement, templates, members, aftercare, ownPage, integrations, outcomes, portal, contracts, settings];


/**
 * Layout on top of the @utrecht components: the page's width, the header (logo or name, staff
 * navigation, language switch, who is signed in), the form's rhythm, and a focus ring that is
 * visible on every control (WCAG 2.4.7). Mobile first; from 40em the header lays out in a row.
 */
const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
.voorbeeld-theme{--basis-heading-font-family:var(--basis-text-font-family-default);--utrecht-document-font-family:var(--utrecht-root-font-family);--utrecht-document-font-size:var(--utrecht-body-font-size);--utrecht-document-line-height:var(--utrecht-body-line-height);--utrecht-document-font-weight:var(--utrecht-body-font-weight);--utrecht-document-color:var(--utrecht-body-color)}
body{margin:0;background:var(--utrecht-body-background-color,#fff)}
.vv-page{min-block-size:100vh;display:flex;flex-direction:column}
.vv-header{background:var(--vervolg-header-background-color,var(--basis-color-accent-1-bg-default,#f1ecfd));color:var(--vervolg-header-color,var(--utrecht-page-header-color,inherit));border-block-end:4px solid var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-header .utrecht-link,.vv-header a{color:var(--vervolg-header-color,inherit)}
.vv-header__content,.vv-main,.vv-footer__content{max-inline-size:var(--vervolg-page-max-inline-size,72rem);margin-inline:auto;padding-inline:1rem}
.vv-header__content{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem;padding-block:.75rem}
.vv-brand{display:flex;align-items:center;gap:.75rem;font-weight:700;font-size:1.125rem;text-decoration:none;margin-inline-end:auto}
.vv-brand img{display:block;max-block-size:3rem;max-inline-size:12rem;inline-size:auto;block-size:auto}
.vv-header nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.vv-header nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.vv-user{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
.vv-user form{margin:0}
/* The sign-out button sits on the header's colour: it takes the header's text colour, the pair the theme check holds to 4.5:1. */
.vv-header .utrecht-button--secondary-action{background-color:transparent;color:var(--vervolg-header-color,inherit);border-color:currentColor}
.vv-main{flex:1;inline-size:100%;padding-block:1.5rem 3rem}
.vv-main--narrow{max-inline-size:40rem}
.vv-footer{background:var(--utrecht-page-footer-background-color,#f1ecfd);color:var(--utrecht-page-footer-color,inherit);font-size:.9375rem}
.vv-footer__content{padding-block:1.25rem}
.vv-footer p{margin:0}
/* Headings in the content: the example tokens draw h2 nearly as large as h1 and without space above,
   so steps of a page ran together on a phone. A clear step down, and room before each. */
.vv-main .utrecht-heading-1{margin-block:0 1rem}
.vv-main .utrecht-heading-2{font-size:1.5rem;line-height:1.3;margin-block:2rem .5rem}
.vv-main .utrecht-heading-3{font-size:1.1875rem;line-height:1.3;margin-block:1.5rem .25rem}
/* Dutch makes long compounds ("Uitkomstindicatoren"): on a phone a heading is a size smaller, and a
   word too long for the line is hyphenated (the page's lang) rather than cut at any letter. */
.vv-main :is(.utrecht-heading-1,.utrecht-heading-2){hyphens:auto;overflow-wrap:break-word}
@media (max-width:40em){.vv-main .utrecht-heading-1{font-size:1.75rem;line-height:1.25}}
.utrecht-form-field{margin-block:1.25rem}
.utrecht-textbox,.utrecht-textarea,.utrecht-select{inline-size:100%;max-inline-size:100%}
.utrecht-textbox--date{max-inline-size:14rem}
/* A required field nobody has filled in yet (a radio group, a textarea) is :invalid to the browser; the @utrecht CSS draws that as an error. Only our own errors (aria-invalid, after a submit) look like one. */
.utrecht-radio-button--html-input:invalid:not([aria-invalid=true]){border-color:var(--utrecht-radio-button-border-color);border-width:var(--utrecht-radio-button-border-width);color:var(--utrecht-radio-button-color)}
.utrecht-textarea--html-textarea:invalid:not([aria-invalid=true]){background-color:var(--utrecht-textarea-background-color,var(--utrecht-form-control-background-color));border-color:var(--utrecht-textarea-border-color,var(--utrecht-form-control-border-color));border-width:var(--utrecht-textarea-border-width,var(--utrecht-form-control-border-width));color:var(--utrecht-textarea-color,var(--utrecht-form-control-color))}
/* A select must look like one: the example tokens give it no arrow (and our CSP allows no data: image), so a chevron drawn with gradients. */
.utrecht-select--html-select:not([multiple]){background-image:linear-gradient(45deg,transparent 50%,currentColor 50%),linear-gradient(135deg,currentColor 50%,transparent 50%);background-position:calc(100% - 1.25rem) 55%,calc(100% - .875rem) 55%;background-size:.375rem .375rem,.375rem .375rem;background-repeat:no-repeat;padding-inline-end:2.5rem}
.utrecht-form-field-error-message{font-weight:600}
.vv-actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-block:1.5rem}
.vv-table-wrap{overflow-x:auto;max-inline-size:100%}
.vv-error-summary ul{margin-block:.5rem 0}
.vv-visually-hidden{position:absolute!important;inline-size:1px;block-size:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
:where(a,button,input,select,textarea,summary,[tabindex]):focus-visible{outline:3px solid var(--utrecht-focus-outline-color,#0b0c0c);outline-offset:2px;box-shadow:0 0 0 6px var(--utrecht-focus-background-color,#ffdd00)}
/* Pages written before the form components (platform/ui/form.tsx): their bare elements get the
   same look as the @utrecht classes, until each is rewritten with the components. */
.vv-main label:where(:not([class]),[class=""]){display:block;font-weight:700;margin-block:1.25rem .375rem}
.vv-main label.vv-inline-label{display:inline;font-weight:400}
.vv-main :is(input:not([type=checkbox],[type=radio],[type=hidden]),textarea,select):where(:not([class]),[class=""]){box-sizing:border-box;inline-size:100%;font:inherit;color:inherit;background:var(--utrecht-textbox-background-color,#fff);border:var(--utrecht-textbox-border-width,2px) solid var(--utrecht-textbox-border-color,#545454);border-radius:var(--utrecht-textbox-border-radius,4px);padding:.625rem .75rem}
.vv-main input[type=checkbox]{inline-size:1.5rem;block-size:1.5rem;vertical-align:middle;margin-inline-end:.5rem;accent-color:var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-main button:where(:not([class]),[class=""]),.vv-main button.secondary{display:inline-block;margin-block-start:1.25rem;min-block-size:2.75rem;padding:.625rem 1.25rem;font:inherit;font-weight:700;border-radius:var(--utrecht-button-border-radius,4px);cursor:pointer;border:2px solid var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-main button:where(:not([class]),[class=""]){color:var(--utrecht-button-primary-action-color,#fff);background:var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-main button.secondary{color:var(--utrecht-button-secondary-action-color,#5115ef);background:var(--utrecht-button-secondary-action-background-color,#fff)}
.vv-main .hint{color:var(--basis-color-default-color-subtle,#4a4a4a)}
.vv-main :is(.error,.ok){border-inline-start:6px solid;background:var(--utrecht-alert-background-color,#fff);padding:.75rem 1rem;margin-block:1rem}
.vv-main .error{border-color:var(--utrecht-alert-icon-error-color,#b00020);background:#fdf2f3}
.vv-main .ok{border-color:var(--utrecht-alert-icon-ok-color,#1e7b34);background:#f1f8f3}
.vv-main dl dt{font-weight:700}.vv-main dl dd{margin:0 0 .5rem}
.vv-pad{border:2px solid #545454;border-radius:4px;background:#fff;touch-action:none;max-inline-size:100%;display:block}
@media (max-width:40em){.vv-main button:where(:not([class]),[class=""]),.vv-main button.secondary{inline-size:100%}}

/* The indicators dashboard: tables scroll on a phone; colours meet 4.5:1 on white. */
.fig{background:#fff;border:1px solid #ccc;border-radius:4px;padding:1rem;margin:1.5rem 0}
.scroll{overflow-x:auto}.vv-main table:where(:not([class]),[class=""]){border-collapse:collapse;inline-size:100%;font-size:.95rem}
.vv-main table:where(:not([class]),[class=""]) :is(th,td){text-align:start;padding:.4rem .5rem;border-block-end:1px solid #bbb;vertical-align:top}
.vv-main caption.hint{text-align:start}
td.num,th.num{text-align:end;font-variant-numeric:tabular-nums}.sup{color:#4a4a4a;font-style:italic}.met{color:#1e6b2e;font-weight:600}.notmet{color:#a3001b;font-weight:600}
form.period{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}form.period label:where(:not([class]),[class=""]){margin:0}
form.period select:where(:not([class]),[class=""]){inline-size:auto}
form.period button:where(:not([class]),[class=""]){inline-size:auto;margin:0}
.vv-main svg{max-inline-size:100%;block-size:auto;display:block}nav.toc ul{columns:2 16rem;padding-inline-start:1.25rem}
/* On a phone a figures table scrolls sideways rather than breaking words in its narrow columns; so do the providers' tables. */
.scroll>table,.vv-providers-page .vv-table-wrap>table{word-break:normal}.scroll>table{min-inline-size:34rem}.vv-providers-page .vv-table-wrap>table{min-inline-size:30rem}
.vv-target-contract{white-space:nowrap}.vv-providers-page .utrecht-table__caption{text-align:start}
/* The account page: a long e-mail wraps; each session is a block with its revoke button (no inline styles: the page CSP has none). */
.vv-account{overflow-wrap:anywhere}
.vv-sessions{list-style:none;padding:0;margin-inline-start:0}.vv-sessions>li{list-style:none;margin-inline-start:0;border-block-start:1px solid #bbb;padding-block:.75rem}
.vv-sessions h3{margin:0;font-size:1.0625rem}.vv-sessions p{margin-block:.25rem}
.vv-sessions .utrecht-button{inline-size:auto;margin:0}
@media (max-width:40em){.utrecht-button-group .utrecht-button,.vv-actions .utrecht-button{inline-size:100%}}
`;

/**
 * Progressive enhancement, nothing the pages need: when a form came back with errors, the error
 * summary takes focus so a screen reader reads it first (the links in it move to each field).
 */
const BASE_JS = `(function(){
  var summary = document.querySelector('[data-error-summary]');
  if (summary) summary.focus();
})();
`;

export const APP_CSS = [BASE_CSS, ...PARTS.map((part) => part.CSS)].join('\n');
export const APP_JS = [BASE_JS, ...PARTS.map((part) => part.JS)].join('\n');
