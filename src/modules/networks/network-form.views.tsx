import type { FieldError } from '../../shared/errors.ts';
import type { ViewContext } from '../../web/view-context.ts';

/** A form's state when it is shown again: the values as typed and what was wrong. */
export type FormState<T> = { values: Partial<T>; errors: readonly FieldError[]; message?: string | undefined };

export const emptyForm = <T,>(values: Partial<T> = {}): FormState<T> => ({ values, errors: [] });

function errorOf(errors: readonly FieldError[], name: string) {
  return errors.find((e) => e.field === name);
}

function describedBy(id: string, hint: string | undefined, error: FieldError | undefined): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function FieldHead({ c, id, label, hint, error }: { c: ViewContext; id: string; label: string; hint?: string | undefined; error?: FieldError | undefined }) {
  return (
    <>
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
    </>
  );
}

type SelectProps = {
  c: ViewContext;
  name: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string | undefined;
  errors?: readonly FieldError[];
  hint?: string | undefined;
  required?: boolean;
};

/** A labelled select whose hint and error are tied to it (WCAG 1.3.1, 3.3.1). */
export function Select({ c, name, label, options, value, errors = [], hint, required }: SelectProps) {
  const id = `field-${name}`;
  const error = errorOf(errors, name);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <FieldHead c={c} id={id} label={label} hint={hint} error={error} />
      <select id={id} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(id, hint, error)}>
        {options.map((option) => (
          <option value={option.value} selected={option.value === value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type TextAreaProps = {
  c: ViewContext;
  name: string;
  label: string;
  value?: string | undefined;
  errors?: readonly FieldError[];
  hint?: string | undefined;
  rows?: number;
  maxLength?: number;
  spellcheck?: boolean;
  /**
   * A limit shown with a live counter (/assets/char-counter.js) instead of `maxlength`, which cuts
   * pasted text without a word: the text stays as typed and the server refuses it with the reason.
   */
  counter?: number;
};

/** A labelled textarea whose hint and errors are tied to it. */
export function TextArea({ c, name, label, value, errors = [], hint, rows = 4, maxLength, spellcheck, counter }: TextAreaProps) {
  const id = `field-${name}`;
  const fieldErrors = errors.filter((e) => e.field === name);
  return (
    <div class={fieldErrors.length ? 'field field-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {fieldErrors.map((error, index) => (
        <p class="error" id={index === 0 ? `${id}-error` : undefined}>
          {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
        </p>
      ))}
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={counter === undefined ? maxLength : undefined}
        spellcheck={spellcheck}
        aria-invalid={fieldErrors.length ? 'true' : undefined}
        aria-describedby={[describedBy(id, hint, fieldErrors[0]), counter === undefined ? undefined : `${id}-counter`].filter(Boolean).join(' ') || undefined}
        data-counter={counter}
      >
        {value ?? ''}
      </textarea>
      {counter !== undefined && (
        <p class="hint char-counter" id={`${id}-counter`} aria-live="polite" data-left={c.t('form.counter.left', { count: '{count}' })} data-over={c.t('form.counter.over', { count: '{count}' })}>
          {(value ?? '').length > counter ? c.t('form.counter.over', { count: (value ?? '').length - counter }) : c.t('form.counter.left', { count: counter - (value ?? '').length })}
        </p>
      )}
    </div>
  );
}

/** A labelled checkbox. */
export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked?: boolean | undefined; hint?: string | undefined }) {
  const id = `field-${name}`;
  return (
    <div class="checkbox">
      <input type="checkbox" id={id} name={name} value="on" checked={checked} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
