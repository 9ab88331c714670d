import type { FieldError } from '../shared/errors.ts';
import type { ViewContext } from './view-context.ts';

/** The error summary at the top of a form (WCAG 3.3.1): each error links to its field. */
export function ErrorSummary({ c, errors, message }: { c: ViewContext; errors: readonly FieldError[]; message?: string | undefined }) {
  if (errors.length === 0 && !message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      {message && <p>{message}</p>}
      {errors.length > 0 && (
        <>
          <p>{c.t('form.errorSummary', { count: errors.length })}</p>
          <ul>
            {errors.map((error) => (
              <li>
                <a href={`#field-${error.field}`}>{c.tDynamic(error.messageKey, error.values, 'form.invalid')}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

type FieldProps = {
  c: ViewContext;
  name: string;
  label: string;
  type?: string;
  value?: string | number | null | undefined;
  errors?: readonly FieldError[];
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  inputMode?: 'numeric' | 'text' | 'email' | 'tel';
  maxLength?: number;
};

/** A labelled input with its hint and error tied to it by aria-describedby. */
export function Field({ c, name, label, type = 'text', value, errors = [], required, autocomplete, hint, inputMode, maxLength }: FieldProps) {
  const error = errors.find((e) => e.field === name);
  const id = `field-${name}`;
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        value={value ?? ''}
        required={required}
        autocomplete={autocomplete}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}
