/**
 * The pages talk to Veil only through its management API (`/veil/v1/…`), with the session cookie and,
 * on every request that changes something, the session's CSRF token in a header.
 */

export interface ApiProblem {
  readonly path: string;
  readonly message: string;
}

/** A refusal from the API, with Veil's own error code and message (and each problem, where it lists them). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problems: readonly ApiProblem[];
  constructor(status: number, code: string, message: string, problems: readonly ApiProblem[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.problems = problems;
  }
}

let csrfToken: string | null = null;
let onSignedOut: (reason: 'expired') => void = () => {};

/** Remembers the CSRF token of the current session (from sign-in or `GET /sessions/current`). */
export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when a request finds the session gone: the app then shows the sign-in page and says why. */
export function whenSessionEnds(handler: (reason: 'expired') => void): void {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls the management API; resolves with the JSON answer, or rejects with an `ApiError` saying why. */
export async function callApi<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-veil-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new ApiError(0, 'network', 'Veil could not be reached. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const payload = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (response.ok) return payload as T;
  const error = new ApiError(
    response.status,
    typeof payload?.code === 'string' ? payload.code : 'unknown',
    typeof payload?.message === 'string' ? payload.message : `Veil answered ${response.status}`,
    Array.isArray(payload?.errors) ? (payload.errors as ApiProblem[]) : [],
  );
  if (error.code === 'auth.session_expired' || (error.code === 'auth.required' && csrfToken)) {
    csrfToken = null;
    onSignedOut('expired');
  }
  throw error;
}

/** The message to show for a failure: the API's own words, or a plain one for anything else. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong; nothing was changed. Try again.';
}

/** For a `.catch`: `'none'` when the API refused with `code` (its way of saying there is nothing), else the error. */
export function noneWhen(code: string): (error: unknown) => 'none' {
  return (error) => {
    if (error instanceof ApiError && error.code === code) return 'none';
    throw error;
  };
}

/** A path of the API with each value encoded. */
export function apiPath(strings: TemplateStringsArray, ...values: string[]): string {
  return strings.reduce(
    (path, part, i) => path + part + (i < values.length ? encodeURIComponent(values[i]!) : ''),
    '',
  );
}
