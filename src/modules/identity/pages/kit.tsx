// The identity pages' submit button (in its button group) and notice. Fields and the error summary
// are the platform's (platform/ui/form.tsx); what every page shares (access, the frame, the log) is
// in platform/http/pages.tsx.
import type { Child } from 'hono/jsx';

export function SubmitButton(props: { children: Child; secondary?: boolean; name?: string; value?: string }) {
  return (
    <div class="utrecht-button-group">
      <button type="submit" name={props.name} value={props.value} class={`utrecht-button ${props.secondary ? 'utrecht-button--secondary-action' : 'utrecht-button--primary-action'}`}>
        {props.children}
      </button>
    </div>
  );
}

export function Notice(props: { children: Child; kind?: 'ok' | 'info' }) {
  return (
    <div class={`utrecht-alert utrecht-alert--${props.kind === 'ok' ? 'ok' : 'info'} ok`} role="status">
      <div class="utrecht-alert__content">
        <p class="utrecht-paragraph">{props.children}</p>
      </div>
    </div>
  );
}

