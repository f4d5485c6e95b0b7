/**
 * The OAuth part of the one error catalogue (`catalogue.ts` spreads it in): Connect's token endpoint
 * (`oauth.*`), 3LO's (`oauth3lo.*`), the API gateway (`gateway.*`) and connected apps (`oauth_app.*`).
 */
export const oauthErrorCatalogue = {
  'oauth.invalid_request': {
    status: 400,
    doc: 'The token request is malformed: not form-encoded, or a parameter (`grant_type`, `assertion`) is missing or repeated.',
  },
  'oauth.unsupported_grant_type': {
    status: 400,
    doc: 'The token endpoint takes the JWT bearer grant only (`urn:ietf:params:oauth:grant-type:jwt-bearer`).',
  },
  'oauth.invalid_client': {
    status: 401,
    doc: "The assertion's issuer names no installed app (`urn:atlassian:connect:clientid:<oauthClientId>`).",
  },
  'oauth.invalid_grant': {
    status: 400,
    doc: 'The assertion does not hold: bad signature, expired or too long-lived, wrong audience or tenant, or a subject that cannot be impersonated (an app user, a deactivated or unknown account, one not on the site).',
  },
  'oauth.unauthorized_client': {
    status: 400,
    doc: 'The app may not impersonate: its descriptor lacks the `ACT_AS_USER` scope, or it is disabled.',
  },
  'oauth.invalid_scope': {
    status: 400,
    doc: 'The scopes asked for are not Connect scopes of the app.',
  },
  'oauth.invalid_token': {
    status: 401,
    doc: 'The bearer token is unknown or expired, its app is no longer installed, or the person it acts for can no longer be acted for.',
  },
  'oauth3lo.invalid_request': {
    status: 400,
    doc: 'A 3LO token request (`/oauth/token`) lacks a parameter its grant needs (`code`, `refresh_token`), or repeats one.',
  },
  'oauth3lo.unsupported_grant_type': { status: 400, doc: 'The 3LO token endpoint takes two grants only.' },
  'oauth3lo.invalid_client': {
    status: 401,
    doc: 'The `client_id` names no registered OAuth app, or the `client_secret` is not its secret.',
  },
  'oauth3lo.invalid_grant': {
    status: 403,
    doc: 'The code or refresh token is unknown, expired, used already (a code used twice also revokes what it issued), for another app or callback, reused outside the 10-minute leeway (which invalidates its family), or its grant was revoked.',
  },
  'gateway.unauthorized': {
    status: 401,
    doc: "The 3LO access token is missing, unknown, expired or revoked, or was sent to a URL that does not take it (a site's own APIs).",
  },
  'gateway.scope_mismatch': {
    status: 401,
    doc: 'The grant behind the 3LO access token lacks the scope the operation needs (`Unauthorized; scope does not match`).',
  },
  'gateway.site_not_granted': {
    status: 403,
    doc: "The gateway's address names a site (cloud id) that the 3LO access token's grant does not include, or none.",
  },
  'oauth_app.grant_not_found': { status: 404, doc: 'You have no consent to an OAuth app of this id.' },
} as const satisfies Record<string, { status: number; doc: string }>;
