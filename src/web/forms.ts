import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { type FieldError, ValidationError, isAppError } from '../shared/errors.ts';
import { STATUS_BY_KIND } from './error-mapping.tsx';
import type { ViewContext } from './view-context.ts';

export type FormFailure = { errors: FieldError[]; message?: string };

/**
 * Runs a form's use case. Bad input and refusals the person can fix (invalid, conflict, rate
 * limited) re-render the form with the translated reasons and the values as typed; everything else
 * goes to the error handler.
 */
export async function handleForm(
  reply: FastifyReply,
  c: ViewContext,
  work: () => Promise<void>,
  renderForm: (failure: FormFailure) => VNode,
): Promise<FastifyReply | void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ValidationError) return reply.status(400).page(renderForm({ errors: error.fields }));
    if (isAppError(error) && (error.kind === 'invalid' || error.kind === 'conflict' || error.kind === 'rate_limited')) {
      return reply.status(STATUS_BY_KIND[error.kind]).page(renderForm({ errors: [], message: c.tDynamic(error.messageKey, error.values) }));
    }
    throw error;
  }
}

/** The submitted form as a plain record (the CSRF field removed). */
export function formBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object') return {};
  const { _csrf: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}
