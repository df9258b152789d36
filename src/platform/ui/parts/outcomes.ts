// The outcome upload page (modules/outcomes/pages.tsx): its layout, and the enhancement that shows
// progress. Without JavaScript the form posts as it is and the browser shows its own progress; with
// it, the file goes by XMLHttpRequest so the page can show how much has been sent, then that the
// file is being checked; a refusal's page replaces the main content (focus on its summary), an
// accepted file leads to the result page the server redirected to.
export const CSS = `
.vv-outcome-upload .utrecht-unordered-list{margin-block:.5rem 1rem}
.vv-outcome-upload .utrecht-unordered-list__item{margin-block:.5rem}
.vv-upload-problems{inline-size:100%}
.vv-upload-problems :is(th,td){vertical-align:top;border-block-end:1px solid var(--utrecht-table-row-border-block-end-color,#bbb)}
.vv-upload-problems :is(thead th,th[scope=row]){white-space:nowrap}
.vv-upload-problems code{white-space:nowrap}
.vv-outcome-upload .vv-table-wrap{margin-block:1rem 1.5rem}
.vv-file-input{max-inline-size:100%;font:inherit}
.vv-upload-progress{margin-block:1rem}
.vv-upload-progress progress{inline-size:100%;block-size:1.25rem}
`;

export const JS = `
(function(){
  function ready(form){return form&&form.hasAttribute('data-outcome-upload')&&window.XMLHttpRequest&&window.FormData&&window.DOMParser;}
  function fieldError(form,message){
    var error=form.querySelector('[data-file-error]');var input=form.querySelector('input[type=file]');
    if(!error||!input)return;
    error.textContent=message;error.hidden=false;
    input.setAttribute('aria-invalid','true');
    input.setAttribute('aria-describedby',input.id+'-hint '+error.id);
    input.focus();
  }
  document.addEventListener('submit',function(event){
    var form=event.target;
    if(!ready(form))return;
    var input=form.querySelector('input[type=file]');
    var file=input&&input.files&&input.files[0];
    if(!file)return;
    var max=Number(form.getAttribute('data-max-bytes'));
    if(max&&file.size>max){event.preventDefault();fieldError(form,form.getAttribute('data-too-large'));return;}
    event.preventDefault();
    var box=form.querySelector('[data-upload-progress]');var bar=box.querySelector('progress');var status=box.querySelector('[data-upload-status]');
    var button=form.querySelector('button[type=submit]');
    box.hidden=false;bar.value=0;status.textContent=form.getAttribute('data-uploading').replace('{p}','0');
    if(button)button.disabled=true;
    var xhr=new XMLHttpRequest();
    xhr.open('POST',form.action);
    xhr.upload.onprogress=function(e){if(e.lengthComputable){var p=Math.round(e.loaded/e.total*100);bar.value=p;status.textContent=form.getAttribute('data-uploading').replace('{p}',String(p));}};
    xhr.upload.onload=function(){bar.removeAttribute('value');status.textContent=form.getAttribute('data-processing');};
    function failed(){status.textContent=form.getAttribute('data-failed');bar.value=0;if(button)button.disabled=false;}
    xhr.onerror=failed;
    xhr.onload=function(){
      var here=location.pathname+location.search;
      if(xhr.status===200&&xhr.responseURL&&xhr.responseURL.indexOf('batch=')!==-1){location.assign(xhr.responseURL);return;}
      var doc=new DOMParser().parseFromString(xhr.responseText,'text/html');
      var next=doc.querySelector('main');var main=document.querySelector('main');
      if(xhr.status>=500||!next||!main){failed();return;}
      main.replaceWith(next);document.title=doc.title;
      var summary=next.querySelector('[data-error-summary]');
      if(summary)summary.focus();else next.focus();
      if(here)history.replaceState(null,'',here);
    };
    xhr.send(new FormData(form));
  });
})();
`;
