// The agreement pages' own layout and enhancement, added to app.css / app.js (app-files.ts). One file
// per page family so each can grow without touching the others.
export const CSS = `
.vv-agreement-facts{margin-block:1rem 1.5rem}
@media (min-width:48em){.vv-agreement-facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem 1.5rem}.vv-agreement-facts .utrecht-data-list__item{margin:0}}
.vv-signers{list-style:none;margin:0;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(min(100%,20rem),1fr))}
.vv-signer{border:1px solid var(--utrecht-table-border-color,#8c8c8c);border-radius:4px;padding:1rem;min-inline-size:0;overflow-wrap:anywhere}
.vv-main .vv-signer .utrecht-heading-3{margin-block-start:0}
.vv-signer .utrecht-data-list{gap:0;row-gap:0}
.vv-signer .utrecht-data-list__item{display:flex;flex-wrap:wrap;gap:0 .5rem;margin-block:.25rem}
.vv-signer .utrecht-data-list__item-key::after{content:":"}
.vv-signer-role{font-weight:400}
.vv-signer .utrecht-data-list{margin-block:.5rem}
.vv-signer-action{margin-block-start:.75rem}
.vv-signer-state{display:inline-block;padding:.125rem .5rem;border-radius:.25rem;border:1px solid currentColor;font-weight:700;background:#fff;color:#1a1a1a}
.vv-signer-state--signed{color:#0b6b2f;background:#e8f5ec}
.vv-signer-state--declined,.vv-signer-state--expired,.vv-signer-state--cancelled{color:#a4120f;background:#fdecec}
.vv-signer-state--opened,.vv-signer-state--verified{color:#6a4a00;background:#fff6dc}
.vv-live-hint{font-size:.9375rem;margin-block-start:1rem}
.vv-intro{margin-block:1rem}
.vv-signer-fieldset .utrecht-form-fieldset{border:0;padding:0;margin-block:.75rem}
.vv-agreement-actions{display:grid;gap:1rem;justify-items:start;margin-block-end:1.5rem}
.vv-agreement-actions form{margin:0;max-inline-size:28rem}
.vv-signer-fieldset{margin-block:1.25rem;min-inline-size:0}
.vv-signer-extra{margin-block:1rem;border:1px solid var(--utrecht-table-border-color,#8c8c8c);border-radius:4px;padding:.5rem 1rem}
.vv-signer-extra__summary{cursor:pointer;font-weight:700;padding-block:.25rem}
.vv-timeline{list-style:none;margin:0 0 1rem;padding:0;border-inline-start:3px solid var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-timeline__event{position:relative;padding:.25rem 0 .75rem 1.25rem}
.vv-timeline__event::before{content:"";position:absolute;inset-inline-start:-.5rem;inset-block-start:.55rem;inline-size:.75rem;block-size:.75rem;border-radius:50%;background:var(--utrecht-button-primary-action-background-color,#5115ef)}
.vv-timeline__when{display:block;font-size:.9375rem}
.vv-timeline__what,.vv-timeline__who{margin:0}
.vv-fingerprint code{overflow-wrap:anywhere;word-break:break-all}
.vv-timeline-version{margin-block-end:2rem}
`;

/**
 * Runs after the page loaded; does nothing on a page without its elements. On an agreement's page
 * with a signing round open, the signers block follows the signing live: every 15 seconds (only
 * while the tab is visible and nobody is working inside the block) it fetches the same page and
 * swaps in the new block, which a screen reader announces (aria-live="polite"). It stops once
 * nobody can act any more.
 */
export const JS = `
(function(){
  var region=document.querySelector('[data-live="signers"]');
  if(!region||!window.fetch||!window.DOMParser)return;
  var timer=null;
  function open(){return region.getAttribute('data-live-open')==='true';}
  function stop(){if(timer){clearInterval(timer);timer=null;}}
  function refresh(){
    if(document.visibilityState==='hidden')return;
    if(region.contains(document.activeElement))return;
    fetch(location.href,{credentials:'same-origin',headers:{'Accept':'text/html'}}).then(function(r){return r.ok?r.text():null;}).then(function(html){
      if(!html)return;
      var doc=new DOMParser().parseFromString(html,'text/html');
      var next=doc.querySelector('[data-live="signers"]');
      if(!next)return;
      if(next.getAttribute('data-live-open')!=='true'){
        // The round is over: the status, the actions and the signed PDF change too, so the whole
        // main part is taken from the fresh page (unless the person is working in it).
        stop();
        var main=document.querySelector('main'),nextMain=doc.querySelector('main');
        if(main&&nextMain&&!main.contains(document.activeElement)){main.innerHTML=nextMain.innerHTML;return;}
      }
      if(next.innerHTML!==region.innerHTML)region.innerHTML=next.innerHTML;
      region.setAttribute('data-live-open',next.getAttribute('data-live-open')||'false');
    }).catch(function(){});
  }
  function start(){if(!timer&&open())timer=setInterval(refresh,15000);}
  document.addEventListener('visibilitychange',function(){if(document.visibilityState==='hidden')stop();else{refresh();start();}});
  start();
})();
`;
