import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../shared/errors.ts';
import { normaliseTextTree } from '../shared/text-input.ts';

/**
 * Runs every request's parameters, query and body (url-encoded, JSON or multipart text fields)
 * through the one text normalisation (src/shared/text-input.ts) before any route or schema sees
 * them. Refused characters end the request with a 400 that says why, in the person's language,
 * and names the fields (API callers get them in `error.fields`).
 */
export function normaliseRequestText(request: FastifyRequest): void {
  const refused: string[] = [];
  const params = normaliseTextTree(request.params);
  refused.push(...params.refused);
  const query = normaliseTextTree(request.query);
  refused.push(...query.refused);
  const body = normaliseTextTree(request.body);
  refused.push(...body.refused);
  request.body = body.value;
  if (refused.length > 0) {
    throw new ValidationError(
      refused.map((field) => ({ field, messageKey: 'form.controlCharacters' })),
      'errors.text.controlCharacters',
    );
  }
}
