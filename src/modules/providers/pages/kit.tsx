// What the provider portal's pages share: their paths, the ids they take from a query, a group
// of checkboxes (scopes, roles) and the "done" message after a POST-redirect-GET.
import type { Context } from 'hono';
import type { AppEnv } from '../../../platform/http/env.js';
import { Alert, fieldId } from '../../../platform/ui/form.js';

export const PROVIDER_BASE = '/app/providers/:providerId';
export const UUID_PARAM = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const UUID = new RegExp(`^${UUID_PARAM}$`);
export const uuidOrUndefined = (value: string | undefined) => (value && UUID.test(value) ? value : undefined);
export const portalPath = (providerId: string) => `/app/providers/${providerId}`;

/** Every value a form sent under a name (checkboxes: zero or more), strings only. */
export function allOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((x): x is string => typeof x === 'string');
}

/** Checkboxes in a fieldset (its id is the field's, so the error summary's link lands on it), each with a line of help. */
export function CheckboxGroup(props: { name: string; legend: string; hint: string; options: readonly { value: string; label: string; help: string }[]; checked: readonly string[]; error?: string | undefined }) {
  const id = fieldId(props.name);
  const describedBy = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset class={`utrecht-form-fieldset vv-roles${props.error ? ' utrecht-form-fieldset--invalid' : ''}`} id={id} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{props.legend}</legend>
      <div class="utrecht-form-field-description" id={`${id}-hint`}>
        {props.hint}
      </div>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={`${id}-error`}>
          {props.error}
        </div>
      ) : null}
      {props.options.map((o) => {
        const optionId = `${id}-${o.value.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--checkbox">
            <div class="utrecht-form-field__input">
              <input class="utrecht-checkbox utrecht-checkbox--html-input" type="checkbox" id={optionId} name={props.name} value={o.value} checked={props.checked.includes(o.value) || undefined} aria-describedby={`${optionId}-hint`} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
              <label class="utrecht-form-label utrecht-form-label--checkbox" for={optionId}>
                {o.label}
              </label>
            </div>
            <div class="utrecht-form-field-description" id={`${optionId}-hint`}>
              {o.help}
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The message a page shows after a POST sent the person back to it (?done=…). */
export function Done(props: { c: Context<AppEnv>; messages: Record<string, string> }) {
  const done = props.c.req.query('done');
  const text = done ? props.messages[done] : undefined;
  return text ? <Alert type="ok">{text}</Alert> : null;
}
