/**
 * Veil's outbound calls to Connect apps: fetching a descriptor and posting lifecycle callbacks, each
 * bounded by a timeout. Failures are described by status or cause only: an app's answer body and the
 * request body (which can hold a shared secret) never end up in a message.
 */
import { VeilError } from '../errors/veil-error.ts';

const maxDescriptorBytes = 1024 * 1024;
const userAgent = 'Veil (Atlassian Connect compatible)';

/** How an app answered a callback: a 2xx, or why not. */
export type AppAnswer =
  | { readonly ok: true; readonly status: number }
  | {
      readonly ok: false;
      readonly problem: string;
      /** The status it answered with, if it answered. */
      readonly status?: number;
      /** Its `Retry-After`, in seconds, when it gave one. */
      readonly retryAfterSeconds?: number;
    };

/** The JSON document at `url` (GET), or `connect.descriptor_unavailable` saying why not. */
export async function fetchDescriptorJson(url: string, timeoutMs: number): Promise<unknown> {
  if (!/^https?:\/\//i.test(url)) {
    throw new VeilError('connect.descriptor_unavailable', 'The descriptor URL must be an http or https URL');
  }
  let text: string;
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/json', 'user-agent': userAgent },
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
    if (!response.ok) throw new Error(`it answered ${response.status}`);
    if (text.length > maxDescriptorBytes) throw new Error('it is larger than 1 MiB');
  } catch (error) {
    throw new VeilError(
      'connect.descriptor_unavailable',
      `The descriptor could not be fetched from ${url}: ${describeFailure(error, timeoutMs)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new VeilError('connect.descriptor_unavailable', `The descriptor at ${url} is not JSON`);
  }
}

/** Posts a JSON body to the app and reports whether it answered 2xx in time (redirects are not followed). */
export async function postToApp(
  url: string,
  body: unknown,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<AppAnswer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...headers },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drained so the connection can be reused; what the app said is not kept.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    return {
      ok: false,
      problem: `it answered ${response.status}`,
      status: response.status,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    };
  } catch (error) {
    return { ok: false, problem: describeFailure(error, timeoutMs) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  const failure = error as { name?: string; message?: string; cause?: { code?: string } };
  if (failure.name === 'TimeoutError' || failure.name === 'AbortError') {
    return `no answer within ${timeoutMs} ms`;
  }
  if (failure.cause?.code) return `it could not be reached (${failure.cause.code})`;
  // Not the error's message: it can quote the URL, and a webhook URL can carry a username.
  return `it could not be reached (${failure.name ?? 'error'})`;
}
