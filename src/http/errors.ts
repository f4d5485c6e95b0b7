import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, errorCatalogue } from '../errors/catalogue.ts';
import { errorForStoreConflict } from '../errors/store-conflicts.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';

/** Which API a path belongs to decides the error body: each compatible API has its own. */
type Surface = 'tracker' | 'wiki' | 'oauth' | 'gateway' | 'veil';

function surfaceOf(url: string): Surface {
  if (url.startsWith('/rest/')) return 'tracker';
  if (url === '/me' || url.startsWith('/me?') || url.startsWith('/oauth/token/')) return 'gateway';
  if (url.startsWith('/oauth2/') || url.startsWith('/oauth/')) return 'oauth';
  if (url.startsWith('/wiki/')) return 'wiki';
  return 'veil';
}

/** Turns anything thrown in a handler into a VeilError; unknown errors become `internal.unexpected`. */
export function toVeilError(error: unknown): VeilError {
  if (error instanceof VeilError) return error;
  const conflict = errorForStoreConflict(error);
  if (conflict) return conflict;
  const fastifyError = error as FastifyError & { validationContext?: string };
  if (fastifyError.validation) {
    const details = fastifyError.validation.map((issue) => ({
      path: describeValidationPath(fastifyError.validationContext ?? 'body', issue),
      message: issue.message ?? 'is not valid',
    }));
    return new VeilError('request.invalid', summarize(details), details);
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VeilError('request.body_too_large', 'The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VeilError('request.unsupported_media_type', 'Send the request body as application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VeilError('request.invalid', 'The request body is empty or incomplete');
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    return new VeilError('request.invalid', 'The request body is not valid JSON');
  }
  return new VeilError('internal.unexpected', 'Something went wrong inside Veil');
}

function describeValidationPath(
  context: string,
  issue: { instancePath?: string; params?: Record<string, unknown> },
) {
  const extra = issue.params?.additionalProperty ?? issue.params?.missingProperty;
  const pointer = `${issue.instancePath ?? ''}${extra ? `/${String(extra)}` : ''}`;
  return `${context}${pointer.replaceAll('/', '.')}`;
}

function summarize(details: readonly ErrorDetail[]): string {
  return details.map((d) => `${d.path} ${d.message}`).join('; ');
}

/** `querystring.maxResults` → `maxResults`: the tracker keys its errors by parameter or field name. */
function trackerFieldName(path: string): string {
  return path.replace(/^(querystring|body|params|headers)\.?/, '') || 'request';
}

/** The body each surface prescribes for an error. */
export function renderError(error: VeilError, url: string, requestId: string): Record<string, unknown> {
  // The API gateway's own refusals keep its body whatever product path the address reached.
  const surface = error.code.startsWith('gateway.') ? 'gateway' : surfaceOf(url);
  const message =
    error.code === 'internal.unexpected' ? `${error.message} (request ${requestId})` : error.message;
  if (surface === 'tracker') {
    const errors = Object.fromEntries(error.details.map((d) => [trackerFieldName(d.path), d.message]));
    return { errorMessages: [message], errors };
  }
  if (surface === 'oauth') return renderOAuthError(error, message);
  if (surface === 'gateway') return { code: error.status, message };
  if (surface === 'wiki') {
    return {
      statusCode: error.status,
      data: {
        authorized: error.status !== 401 && error.status !== 403,
        valid: error.status !== 400,
        errors: [message, ...error.details.map((d) => `${d.path} ${d.message}`)].map((translation) => ({
          message: { translation, args: [] },
        })),
        successful: false,
      },
      message,
    };
  }
  return {
    code: error.code,
    message,
    ...(error.details.length > 0 ? { errors: error.details } : {}),
    requestId,
  };
}

/** RFC 6749's `{ error, error_description }`: the `oauth.*` (or 3LO's `oauth3lo.*`) code names the error. */
function renderOAuthError(error: VeilError, message: string): Record<string, unknown> {
  const named = /^oauth(3lo)?[.]/.test(error.code)
    ? error.code.slice(error.code.indexOf('.') + 1)
    : undefined;
  // Too many failed client authentications: Auth0's word for it (Atlassian's own is unconfirmed).
  const fallback =
    error.status >= 500 ? 'server_error' : error.status === 429 ? 'too_many_requests' : 'invalid_request';
  return { error: named ?? fallback, error_description: message };
}

/** Fastify's error handler: one place where errors become responses. */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const veilError = explainMissingSignIn(toVeilError(error), request);
  if (veilError.code === 'internal.unexpected') {
    // The logger's `err` serializer keeps the error's codes only: never its message, SQL or parameters.
    request.log.error({ code: veilError.code, err: error }, 'unexpected error');
  }
  const body = renderError(veilError, request.url, request.id);
  // The gateway's body is not the product route's error contract: sent as it is, never through it.
  const payload = veilError.code.startsWith('gateway.') ? JSON.stringify(body) : body;
  return reply.status(veilError.status).type('application/json').send(payload);
}

/** A caller who is not signed in because their session cookie expired is told so, not just to sign in. */
function explainMissingSignIn(error: VeilError, request: FastifyRequest): VeilError {
  if (error.code !== 'auth.required' || request.session?.state !== 'expired') return error;
  return new VeilError('auth.session_expired', 'Your session has expired; sign in again');
}

/** 404 for paths no route serves, in the surface's own error format. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  const error = new VeilError(
    'route.not_found',
    `No operation ${request.method} ${request.url.split('?')[0]}`,
  );
  return reply.status(404).send(renderError(error, request.url, request.id));
}

export function statusOf(code: ErrorCode): number {
  return errorCatalogue[code].status;
}
