/**
 * Domain errors carry a stable dotted code (`accounts.not_found`), the i18n key of the message
 * shown to people, and optionally the internal cause. They know nothing of HTTP: the web layer
 * maps them to status codes in one place (src/web/error-mapping.ts).
 */
export const ERROR_KINDS = ['invalid', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'rate_limited'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export class AppError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly messageKey: string;
  readonly values: Record<string, string | number>;

  constructor(args: {
    code: string;
    kind: ErrorKind;
    messageKey?: string;
    values?: Record<string, string | number>;
    cause?: unknown;
  }) {
    super(args.code, { cause: args.cause });
    this.name = 'AppError';
    this.code = args.code;
    this.kind = args.kind;
    this.messageKey = args.messageKey ?? `errors.${args.code}`;
    this.values = args.values ?? {};
  }
}

/** One field error of a validated form: the field's name and the i18n key of the message. */
export type FieldError = { field: string; messageKey: string; values?: Record<string, string | number> };

export class ValidationError extends AppError {
  readonly fields: FieldError[];

  constructor(fields: FieldError[], messageKey = 'errors.validation.failed') {
    super({ code: 'validation.failed', kind: 'invalid', messageKey });
    this.fields = fields;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
