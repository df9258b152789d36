// The form components' wiring, rendered to a string: ids, labels, hints and errors tied together
// with aria-describedby and aria-invalid, values kept (never a password), text escaped.
import { describe, expect, it } from 'vitest';
import { ApiError, badRequest } from '../../../src/platform/errors.js';
import { Alert, Button, Checkbox, DateField, ErrorSummary, RadioGroup, Select, TextArea, TextField, fieldErrorsFrom, fieldId, readForm } from '../../../src/platform/ui/form.js';

const html = (node: unknown) => String(node);

describe('form components', () => {
  it('a text field: label for the id, hint and error described, invalid, value kept and escaped', () => {
    const out = html(<TextField name="email" label="E-mailadres" hint="Bijvoorbeeld naam@gemeente.nl" error="Vul een e-mailadres in" value={'<b>"x"</b>'} type="email" autocomplete="email" />);
    expect(out).toContain('<label class="utrecht-form-label" for="field-email">E-mailadres</label>');
    expect(out).toContain('id="field-email"');
    expect(out).toContain('name="email"');
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('aria-describedby="field-email-hint field-email-error"');
    expect(out).toContain('<div class="utrecht-form-field-error-message" id="field-email-error">Vul een e-mailadres in</div>');
    expect(out).toContain('value="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"');
    expect(out).not.toContain('<b>');
  });

  it('without an error: no aria-invalid, only the hint described', () => {
    const out = html(<TextField name="name" label="Naam" hint="Zoals in uw paspoort" value="An" />);
    expect(out).not.toContain('aria-invalid');
    expect(out).toContain('aria-describedby="field-name-hint"');
    expect(html(<TextField name="x" label="X" />)).not.toContain('aria-describedby');
  });

  it('never sends a password back', () => {
    const out = html(<TextField name="password" label="Wachtwoord" type="password" value="secret" error="Te kort" />);
    expect(out).not.toContain('secret');
    expect(out).toContain('type="password"');
  });

  it('textarea, select, date, checkbox and radios keep their values', () => {
    expect(html(<TextArea name="reason" label="Reden" value="a & b" />)).toContain('>a &amp; b</textarea>');
    const select = html(<Select name="role" label="Rol" value="admin" options={[{ value: 'case-manager', label: 'Casemanager' }, { value: 'admin', label: 'Beheerder' }]} />);
    expect(select).toContain('<option value="admin" selected="">Beheerder</option>');
    expect(select).not.toContain('<option value="case-manager" selected');
    expect(html(<DateField name="startDate" label="Startdatum" value="2027-09-01" error="Kies een datum" />)).toMatch(/type="date"[^>]*value="2027-09-01"/);
    expect(html(<Checkbox name="consent" label="Ik ga akkoord" checked error="Vink dit aan" />)).toMatch(/checked=""/);
    const radios = html(<RadioGroup name="channel" label="Kanaal" value="sms" error="Kies er een" options={[{ value: 'email', label: 'E-mail' }, { value: 'sms', label: 'Sms' }]} />);
    expect(radios).toContain('<legend class="utrecht-form-fieldset__legend utrecht-form-label">Kanaal</legend>');
    expect(radios).toContain('id="field-channel"');
    expect(radios).toContain('id="field-channel-1"');
    expect(radios).toMatch(/value="sms" checked=""/);
    expect(radios).toContain('aria-describedby="field-channel-error"');
  });

  it('the error summary links to each field, takes focus, and says how many problems', () => {
    const out = html(<ErrorSummary locale="nl" errors={{ email: 'Vul een e-mailadres in', 'goals.0.title': 'Te lang', '': 'Iets anders' }} labels={{ email: 'E-mailadres' }} />);
    expect(out).toContain('role="alert"');
    expect(out).toContain('tabindex="-1"');
    expect(out).toContain('data-error-summary');
    expect(out).toContain('Er zijn 3 fouten in het formulier');
    expect(out).toContain('<a class="utrecht-link" href="#field-email">E-mailadres: Vul een e-mailadres in</a>');
    expect(out).toContain(`href="#${fieldId('goals.0.title')}"`);
    expect(fieldId('goals.0.title')).toBe('field-goals-0-title');
    expect(html(<ErrorSummary locale="en" errors={{ a: 'x' }} />)).toContain('There is 1 problem with the form');
    expect(html(<ErrorSummary locale="nl" errors={{}} />)).toBe('');
  });

  it('an ApiError 400 becomes per-field messages; other errors none', () => {
    const error = badRequest('2 invalid fields', [
      { name: 'body.email', reason: 'Invalid email' },
      { name: '/goals/0/title', reason: 'Too long' },
      { name: 'body.email', reason: 'second, ignored' },
      { name: 'body.unknown', reason: 'Not on this form' },
    ]);
    expect(fieldErrorsFrom(error)).toEqual({ email: 'Invalid email', 'goals.0.title': 'Too long', unknown: 'Not on this form' });
    expect(fieldErrorsFrom(error, { fields: ['email', 'goals.0.title'] })).toEqual({ email: 'Invalid email', 'goals.0.title': 'Too long', '': 'Not on this form' });
    expect(fieldErrorsFrom(badRequest('Nope'))).toEqual({ '': 'Nope' });
    expect(fieldErrorsFrom(new ApiError(404, 'not-found', 'Not found', 'x'))).toEqual({});
    expect(fieldErrorsFrom(new Error('x'))).toEqual({});
  });

  it('readForm keeps the last string value', () => {
    expect(readForm({ a: 'x', b: ['1', '2'] })).toEqual({ a: 'x', b: '2' });
  });

  it('buttons and alerts', () => {
    expect(html(<Button>Opslaan</Button>)).toBe('<button class="utrecht-button utrecht-button--primary-action" type="submit">Opslaan</button>');
    expect(html(<Button kind="secondary">Terug</Button>)).toContain('utrecht-button--secondary-action');
    expect(html(<Alert type="error">Mis</Alert>)).toContain('role="alert"');
    expect(html(<Alert type="ok">Goed</Alert>)).toContain('role="status"');
  });
});
