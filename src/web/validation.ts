import { z } from 'zod';
import { type FieldError, ValidationError } from '../shared/errors.ts';

const KEY_PATTERN = /^[a-z][\w]*(\.[\w]+)+$/;

/** Turns schema issues into field errors whose messages are catalogue keys. */
export function toFieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.map((issue): FieldError => {
    const field = issue.path.map(String).join('.') || 'form';
    // A schema's own message key still gets the bound, for messages such as "at most {max} characters".
    const bound: Record<string, number> | undefined = issue.code === 'too_big' ? { max: Number(issue.maximum) } : issue.code === 'too_small' ? { min: Number(issue.minimum) } : undefined;
    if (KEY_PATTERN.test(issue.message)) return bound ? { field, messageKey: issue.message, values: bound } : { field, messageKey: issue.message };
    switch (issue.code) {
      case 'too_small':
        return issue.minimum === 1 && issue.origin === 'string'
          ? { field, messageKey: 'form.required' }
          : { field, messageKey: 'form.tooShort', values: { min: Number(issue.minimum) } };
      case 'too_big':
        return { field, messageKey: 'form.tooLong', values: { max: Number(issue.maximum) } };
      case 'invalid_format':
        return { field, messageKey: issue.format === 'email' ? 'form.invalidEmail' : 'form.invalid' };
      case 'invalid_type':
        return { field, messageKey: issue.input === undefined ? 'form.required' : 'form.invalid' };
      default:
        return { field, messageKey: 'form.invalid' };
    }
  });
}

/** Validates input at the edge; throws a ValidationError with translated field errors. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(toFieldErrors(result.error.issues));
  return result.data;
}

/** A form checkbox: ticked sends "on" (or 1/true from the API); an unticked one is not sent at all. */
export const checkbox = z.preprocess((value) => value === true || value === 'on' || value === '1' || value === 'true', z.boolean());
