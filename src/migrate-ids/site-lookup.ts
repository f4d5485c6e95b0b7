/**
 * How `veil migrate-ids` asks a site for accountIds, over HTTP with the caller's own credentials:
 * usernames and keys through the bulk migration operation, emails through the user search (which
 * matches an email only where the caller may see it, so a hidden email maps to nothing).
 */

/** A failure that retrying will not fix (refused credentials, a malformed request). */
export class LookupError extends Error {}

const attempts = 6;

export interface LookupOptions {
  readonly siteUrl: string;
  readonly email: string;
  readonly apiToken: string;
  /** Waits `ms` (the CLI passes a timer; retries back off with it). */
  readonly sleep: (ms: number) => Promise<void>;
}

export class SiteLookup {
  readonly #options: LookupOptions;
  readonly #authorization: string;

  constructor(options: LookupOptions) {
    this.#options = options;
    this.#authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  }

  /**
   * The accountIds of the names (`username` or `key`), by name; usernames keyed lower case, as sites
   * match them. Names the site does not know are absent.
   */
  async mapNames(kind: 'username' | 'key', names: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const distinct = [...new Set(names)];
    if (distinct.length === 0) return found;
    const query = distinct.map((name) => `${kind}=${encodeURIComponent(name)}`).join('&');
    // One page holds the whole batch: the batch is never larger than the page the site allows (Veil's
    // is 200). Names the site does not know are left out of the page, so a short page is complete.
    const url = `/rest/api/3/user/bulk/migration?${query}&startAt=0&maxResults=${distinct.length}`;
    const page = (await this.#get(url)) as { username?: string; key?: string; accountId: string }[];
    for (const user of page) {
      const name = kind === 'username' ? user.username?.toLowerCase() : user.key;
      if (name !== undefined) found.set(name, user.accountId);
    }
    return found;
  }

  /** The accountId of the person whose (visible) email this is, or null. */
  async mapEmail(email: string): Promise<string | null> {
    const url = `/rest/api/3/user/search?query=${encodeURIComponent(email)}&maxResults=20`;
    const users = (await this.#get(url)) as { accountId: string; emailAddress?: string }[];
    const wanted = email.toLowerCase();
    return users.find((user) => user.emailAddress?.toLowerCase() === wanted)?.accountId ?? null;
  }

  async #get(path: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.#try(path);
      if (outcome.ok) return outcome.body;
      if (!outcome.retry || attempt >= attempts) throw new LookupError(outcome.message);
      await this.#options.sleep(outcome.waitMs ?? Math.min(30_000, 250 * 2 ** attempt));
    }
  }

  async #try(path: string) {
    let response: Response;
    try {
      response = await fetch(`${this.#options.siteUrl}${path}`, {
        headers: { authorization: this.#authorization, accept: 'application/json' },
      });
    } catch (error) {
      return {
        ok: false,
        retry: true,
        message: `the site cannot be reached: ${(error as Error).message}`,
      } as const;
    }
    if (response.ok) return { ok: true, body: await response.json() } as const;
    const text = await response.text().catch(() => '');
    const retryAfter = Number(response.headers.get('retry-after'));
    const retry = response.status === 429 || response.status >= 500;
    return {
      ok: false,
      retry,
      waitMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
      message: `${response.status} from ${path.split('?')[0]}: ${describeBody(text)}`,
    } as const;
  }
}

/** The message of an error body (tracker or wiki), or its start. */
function describeBody(text: string): string {
  try {
    const body = JSON.parse(text) as { errorMessages?: string[]; message?: string };
    return body.errorMessages?.join('; ') || body.message || text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
