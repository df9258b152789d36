// Form components for every page, in the NL Design System's markup (@utrecht class names): each
// field has its label, an optional hint, and its error right beside it (aria-invalid +
// aria-describedby), keeps what was typed, and is reachable from the error summary at the top.
// WCAG 2.1 AA: 1.3.1, 3.3.1, 3.3.2, 3.3.3, 4.1.2. Works without JavaScript; app.js only moves focus
// to the summary.
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { ApiError, type InvalidParam, badRequest, invalidParamsFromZod } from '../errors.js';

/** Field name → the message shown beside it (and in the summary). */
export type FieldErrors = Record<string, string>;

/** The id of a field's control, from its name ('goals.0.title' → 'field-goals-0-title'). */
export const fieldId = (name: string): string => `field-${name.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
const hintId = (name: string) => `${fieldId(name)}-hint`;
const errorId = (name: string) => `${fieldId(name)}-error`;

const describedBy = (name: string, hint: unknown, error: unknown): string | undefined => {
  const ids = [hint ? hintId(name) : '', error ? errorId(name) : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
};

/**
 * An ApiError 400's invalidParams as per-field messages. Names come as 'body.email',
 * 'body.goals.0.title' (zod) or JSON pointers ('/goals/0/title'); the field name is what follows
 * the target, dotted. Params that match no field of the form go under '' (show them in the summary).
 * The first message per field wins; `messages` may translate a reason for the page's language.
 */
export function fieldErrorsFrom(error: unknown, options: { fields?: readonly string[]; messages?: (param: InvalidParam) => string | undefined } = {}): FieldErrors {
  const errors: FieldErrors = {};
  if (!(error instanceof ApiError) || error.status !== 400) return errors;
  const params = (error.extra.invalidParams as InvalidParam[] | undefined) ?? [];
  for (const param of params) {
    let name = param.name.startsWith('/') ? param.name.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~')).join('.') : param.name;
    name = name.replace(/^(body|query|params|form|json)\./, '');
    if (options.fields && !options.fields.includes(name)) name = '';
    const message = options.messages?.(param) ?? param.reason;
    if (!(name in errors)) errors[name] = message;
  }
  if (params.length === 0) errors[''] = error.detail;
  return errors;
}

/** A form's values as strings (the last of repeated names), for keeping what was typed. */
export function readForm(body: Record<string, string | File | (string | File)[]>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (typeof last === 'string') values[key] = last;
  }
  return values;
}

const SUMMARY = {
  nl: { title: (n: number) => (n === 1 ? 'Er is 1 fout in het formulier' : `Er zijn ${n} fouten in het formulier`) },
  en: { title: (n: number) => (n === 1 ? 'There is 1 problem with the form' : `There are ${n} problems with the form`) },
} as const;

/**
 * The list of errors at the top of a form: an alert that takes focus (app.js; tabindex -1), a title,
 * and for each error a link to its field. `labels` gives each field's name as the form shows it.
 * Nothing when there are no errors.
 */
export function ErrorSummary(props: { errors: FieldErrors; locale: 'nl' | 'en'; labels?: Record<string, string>; title?: string }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="utrecht-alert utrecht-alert--error vv-error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-error-summary="">
      <div class="utrecht-alert__content">
        <h2 class="utrecht-heading-2" id="error-summary-title">
          {props.title ?? SUMMARY[props.locale].title(entries.length)}
        </h2>
        <ul class="utrecht-unordered-list">
          {entries.map(([name, message]) => (
            <li class="utrecht-unordered-list__item">
              {name ? (
                <a class="utrecht-link" href={`#${fieldId(name)}`}>
                  {props.labels?.[name] ? `${props.labels[name]}: ${message}` : message}
                </a>
              ) : (
                message
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

interface FieldBase {
  name: string;
  label: string;
  hint?: Child;
  error?: string | undefined;
  required?: boolean;
}

function FieldFrame(props: FieldBase & { children: Child; kind?: string }) {
  return (
    <div class={`utrecht-form-field utrecht-form-field--${props.kind ?? 'text'}${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      <div class="utrecht-form-field__label">
        <label class="utrecht-form-label" for={fieldId(props.name)}>
          {props.label}
        </label>
      </div>
      {props.hint ? (
        <div class="utrecht-form-field-description" id={hintId(props.name)}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={errorId(props.name)}>
          {props.error}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">{props.children}</div>
    </div>
  );
}

const controlAria = (p: FieldBase) => ({
  id: fieldId(p.name),
  name: p.name,
  'aria-invalid': p.error ? 'true' : undefined,
  'aria-describedby': describedBy(p.name, p.hint, p.error),
  required: p.required || undefined,
});

export function TextField(props: FieldBase & { value?: string | undefined; type?: 'text' | 'email' | 'password' | 'tel' | 'url' | 'number' | 'search'; autocomplete?: string; inputmode?: 'none' | 'email' | 'search' | 'url' | 'text' | 'numeric' | 'tel' | 'decimal'; maxlength?: number; spellcheck?: boolean }) {
  const type = props.type ?? 'text';
  return (
    <FieldFrame {...props}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input${props.error ? ' utrecht-textbox--invalid' : ''}`}
        type={type}
        {...controlAria(props)}
        // Never send a password back to the browser.
        value={type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength}
        spellcheck={props.spellcheck}
      />
    </FieldFrame>
  );
}

export function DateField(props: FieldBase & { value?: string | undefined; min?: string; max?: string }) {
  return (
    <FieldFrame {...props}>
      <input
        class={`utrecht-textbox utrecht-textbox--html-input utrecht-textbox--date${props.error ? ' utrecht-textbox--invalid' : ''}`}
        type="date"
        {...controlAria(props)}
        value={props.value}
        min={props.min}
        max={props.max}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldBase & { value?: string | undefined; rows?: number; maxlength?: number }) {
  return (
    <FieldFrame {...props} kind="textarea">
      <textarea class={`utrecht-textarea utrecht-textarea--html-textarea${props.error ? ' utrecht-textarea--invalid' : ''}`} {...controlAria(props)} rows={props.rows ?? 4} maxlength={props.maxlength}>
        {props.value ?? ''}
      </textarea>
    </FieldFrame>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function Select(props: FieldBase & { value?: string | undefined; options: readonly Option[]; placeholder?: string }) {
  return (
    <FieldFrame {...props} kind="select">
      <select class={`utrecht-select utrecht-select--html-select${props.error ? ' utrecht-select--invalid' : ''}`} {...controlAria(props)}>
        {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** One checkbox, its label after it. */
export function Checkbox(props: FieldBase & { checked?: boolean; value?: string }) {
  return (
    <div class={`utrecht-form-field utrecht-form-field--checkbox${props.error ? ' utrecht-form-field--invalid' : ''}`}>
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={errorId(props.name)}>
          {props.error}
        </div>
      ) : null}
      <div class="utrecht-form-field__input">
        <input class={`utrecht-checkbox utrecht-checkbox--html-input${props.error ? ' utrecht-checkbox--invalid' : ''}`} type="checkbox" {...controlAria(props)} value={props.value ?? 'yes'} checked={props.checked || undefined} />
      </div>
      <div class="utrecht-form-field__label utrecht-form-field__label--checkbox">
        <label class="utrecht-form-label utrecht-form-label--checkbox" for={fieldId(props.name)}>
          {props.label}
        </label>
      </div>
      {props.hint ? (
        <div class="utrecht-form-field-description" id={hintId(props.name)}>
          {props.hint}
        </div>
      ) : null}
    </div>
  );
}

/**
 * Radio buttons in a fieldset whose legend is the label. The summary links to the first option
 * (its id is the field's id), so the link lands on the group.
 */
export function RadioGroup(props: FieldBase & { value?: string | undefined; options: readonly Option[] }) {
  return (
    <fieldset
      class={`utrecht-form-fieldset${props.error ? ' utrecht-form-fieldset--invalid' : ''}`}
      aria-describedby={describedBy(props.name, props.hint, props.error)}
      aria-invalid={props.error ? 'true' : undefined}
    >
      <legend class="utrecht-form-fieldset__legend utrecht-form-label">{props.label}</legend>
      {props.hint ? (
        <div class="utrecht-form-field-description" id={hintId(props.name)}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <div class="utrecht-form-field-error-message" id={errorId(props.name)}>
          {props.error}
        </div>
      ) : null}
      {props.options.map((o, i) => {
        const id = i === 0 ? fieldId(props.name) : `${fieldId(props.name)}-${i}`;
        return (
          <div class="utrecht-form-field utrecht-form-field--radio">
            <div class="utrecht-form-field__input">
              <input class="utrecht-radio-button utrecht-radio-button--html-input" type="radio" id={id} name={props.name} value={o.value} checked={o.value === props.value || undefined} required={props.required || undefined} />
            </div>
            <div class="utrecht-form-field__label utrecht-form-field__label--radio">
              <label class="utrecht-form-label utrecht-form-label--radio" for={id}>
                {o.label}
              </label>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

export function Button(props: { children: Child; kind?: 'primary' | 'secondary' | 'subtle'; type?: 'submit' | 'button'; name?: string; value?: string; formaction?: string }) {
  return (
    <button class={`utrecht-button utrecht-button--${props.kind ?? 'primary'}${props.kind === 'subtle' ? '' : '-action'}`} type={props.type ?? 'submit'} name={props.name} value={props.value} formaction={props.formaction}>
      {props.children}
    </button>
  );
}

/** A message box: info and ok speak politely (status), warning and error interrupt (alert). */
export function Alert(props: { type?: 'info' | 'ok' | 'warning' | 'error'; title?: string; children: Child }) {
  const type = props.type ?? 'info';
  return (
    <div class={`utrecht-alert utrecht-alert--${type}`} role={type === 'error' || type === 'warning' ? 'alert' : 'status'}>
      <div class="utrecht-alert__content">
        {props.title ? <h2 class="utrecht-heading-3">{props.title}</h2> : null}
        <div class="utrecht-alert__message">{props.children}</div>
      </div>
    </div>
  );
}

/**
 * A form checked with the same schema as the API operation it stands for: the parsed data, or
 * every problem as a 400 (the same invalidParams the API lists), for fieldErrorsFrom to place
 * beside each field. One schema, two doors; the page never re-states the rules.
 */
export function validateForm<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const invalidParams = invalidParamsFromZod('body', result.error.issues);
  throw badRequest(`The form has ${invalidParams.length} invalid ${invalidParams.length === 1 ? 'field' : 'fields'}.`, invalidParams);
}

/**
 * A table that scrolls sideways on a narrow screen instead of pushing the page wider (WCAG 1.4.10):
 * the wrapper is a labelled, focusable region so a keyboard user can scroll it too.
 */
export function TableScroll(props: { label: string; children: Child }) {
  return (
    // Focusable so a keyboard can scroll it (axe: scrollable-region-focusable); a labelled section is a region.
    <section class="vv-table-wrap" aria-label={props.label} tabindex={0}>
      {props.children}
    </section>
  );
}

/**
 * A data table in the NL Design System's markup, scrolling sideways on a narrow screen (TableScroll):
 * a caption naming it (visually hidden when a heading or count above already says it), a header
 * cell per column, and the rows the page draws (a row's first cell a `<th scope="row">`).
 */
export function DataTable(props: { label: string; caption: string; captionVisible?: boolean; columns: readonly Child[]; class?: string; id?: string; children: Child }) {
  return (
    <TableScroll label={props.label}>
      <table class={`utrecht-table utrecht-table--html-table${props.class ? ` ${props.class}` : ''}`} id={props.id}>
        <caption class={props.captionVisible ? 'utrecht-table__caption' : 'utrecht-table__caption vv-visually-hidden'}>{props.caption}</caption>
        <thead class="utrecht-table__header">
          <tr class="utrecht-table__row">
            {props.columns.map((column) => (
              <th class="utrecht-table__header-cell" scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody class="utrecht-table__body">{props.children}</tbody>
      </table>
    </TableScroll>
  );
}
