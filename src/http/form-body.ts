/**
 * Form bodies (`application/x-www-form-urlencoded`) for the few endpoints that take them: OAuth's token
 * endpoints and the consent form. Each registers the parser inside its own plugin scope, so no other
 * route accepts a form.
 */
import type { FastifyInstance } from 'fastify';

/** Every field of a form body, repeated ones as lists. */
export function readForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

/** Lets the routes of `scope` (a plugin scope of their own) take form bodies, read by `readForm`. */
export function acceptFormBodies(scope: Pick<FastifyInstance, 'addContentTypeParser'>): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, readForm(String(body))),
  );
}
