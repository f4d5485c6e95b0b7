/**
 * The server-rendered pages of `/authorize`: the consent page (what each scope gives, in plain words, a
 * site picker, Accept and Decline), the sign-in prompt, and the error page (a bad client or callback is
 * shown here, never sent to a URL nobody registered). No script and no inline style: the pages' CSP holds.
 */
import { describeScope, type OAuthApp } from './oauth.model.ts';

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character] ?? character);
}

function layout(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
    '<link rel="stylesheet" href="/assets/consent.css"></head>' +
    `<body><main class="consent">${body}</main></body></html>`
  );
}

/** The consent page: the app, each scope in plain words, the person's sites, Accept and Decline. */
export function renderConsentPage(input: {
  readonly app: OAuthApp;
  readonly scopes: readonly string[];
  readonly sites: readonly { readonly id: string; readonly url: string }[];
  readonly ticket: string;
  readonly personName: string;
}): string {
  const scopes = input.scopes
    .map(
      (scope) =>
        `<li><strong>${escapeHtml(describeScope(scope))}</strong> <code>${escapeHtml(scope)}</code></li>`,
    )
    .join('');
  const sites = input.sites
    .map(
      (site) =>
        `<label><input type="radio" name="site" value="${escapeHtml(site.id)}" required> ` +
        `${escapeHtml(site.id)} <span>${escapeHtml(site.url)}</span></label>`,
    )
    .join('');
  const body =
    `<h1>${escapeHtml(input.app.name)} wants to access your account</h1>` +
    `<p>Signed in as ${escapeHtml(input.personName)}. If you accept, the app can:</p><ul class="scopes">${scopes}</ul>` +
    '<form method="post" action="/authorize">' +
    `<input type="hidden" name="ticket" value="${escapeHtml(input.ticket)}">` +
    `<fieldset><legend>Choose a site</legend>${sites || '<p>You are on no site the app could use.</p>'}</fieldset>` +
    '<button type="submit" name="decision" value="accept">Accept</button> ' +
    '<button type="submit" name="decision" value="decline" formnovalidate>Decline</button>' +
    '</form><p>You can revoke this access at any time under Connected apps.</p>';
  return layout(`Allow ${input.app.name}?`, body);
}

/**
 * Shown to a person who is not signed in: sign in, and the sign-in page brings them back to this very
 * address (`returnTo`, which it follows only to `/authorize`).
 */
export function renderSignInPrompt(returnTo: string): string {
  const signIn = `/sign-in?${new URLSearchParams({ returnTo }).toString()}`;
  return layout(
    'Sign in to continue',
    '<h1>Sign in to continue</h1><p>An app asks for access to your account. Sign in to Veil and you come ' +
      `back here to answer it.</p><p><a id="sign-in" href="${escapeHtml(signIn)}">Sign in</a></p>`,
  );
}

/** The error page: what is wrong, with no redirect anywhere. */
export function renderAuthorizeError(message: string): string {
  return layout(
    'Something is wrong with this request',
    `<h1>Something is wrong with this request</h1><p>${escapeHtml(message)}</p>`,
  );
}
