/**
 * The rules of the OAuth 2.0 (3LO) server: a developer's apps and a person's connected apps (people
 * only), the consent form (a browser session only: every credential the matrix signs with is refused),
 * and the token endpoint, which authenticates the client by its body (Connect apps' credentials are
 * refused there, as on every Veil endpoint outside the sites' APIs).
 */
import { allPeople, anyoneButApps, type WriteRule } from './write-rules.shared.ts';

export const oauthRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/veil/v1/oauth-apps',
    allowed: allPeople,
    request: (_w, _k, n) => ({
      url: '/veil/v1/oauth-apps',
      body: { name: `Matrix app ${n}`, callbackUrl: 'https://app.example/callback', scopes: ['read:me'] },
    }),
  },
  {
    method: 'DELETE',
    route: '/veil/v1/me/connected-apps/:clientId',
    variant: 'an app never consented to (a 404 for everyone allowed)',
    allowed: allPeople,
    request: () => ({ url: '/veil/v1/me/connected-apps/never-consented' }),
  },
  {
    method: 'POST',
    route: '/authorize',
    variant: 'without a browser session (the ticket is bound to one)',
    allowed: [],
    refusals: [400],
    request: () => ({
      url: '/authorize',
      body: { ticket: 'not-a-ticket', decision: 'accept', site: 'acme' },
    }),
  },
  {
    method: 'POST',
    route: '/oauth/token',
    variant: 'a grant it does not take (400: the client authenticates in the body; Connect apps are refused)',
    allowed: anyoneButApps,
    request: () => ({ url: '/oauth/token', body: { grant_type: 'client_credentials' } }),
  },
];
