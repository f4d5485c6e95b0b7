/**
 * Every error Veil can answer with, by code. Each code sets its HTTP status once, here, and carries the
 * line that documents it (docs/errors.md is checked against this list by a test).
 */
import { contentErrorCatalogue } from './catalogue.content.ts';
import { oauthErrorCatalogue } from './catalogue.oauth.ts';

export const errorCatalogue = {
  ...oauthErrorCatalogue,
  ...contentErrorCatalogue,
  'request.invalid': {
    status: 400,
    doc: 'The request does not match the operation contract; `errors` lists each problem.',
  },
  'request.body_too_large': { status: 413, doc: 'The request body is larger than the configured limit.' },
  'request.unsupported_media_type': { status: 415, doc: 'The request body is not JSON.' },
  'request.conflict': {
    status: 409,
    doc: 'The change collided with another made at the same instant (the store kept one of them); read the current state and try again.',
  },
  'route.not_found': { status: 404, doc: 'No operation exists at this method and path.' },
  'operation.gone': {
    status: 410,
    doc: 'The operation was removed with the account model; the message says why and what to use instead.',
  },
  'auth.required': { status: 401, doc: 'The operation needs a signed-in caller and none was given.' },
  'auth.invalid_credentials': {
    status: 401,
    doc: 'The email and API token (or session) do not identify an active account.',
  },
  'auth.session_expired': {
    status: 401,
    doc: 'The session cookie no longer signs in (it expired, or the session was ended); sign in again.',
  },
  'auth.csrf_token_invalid': {
    status: 403,
    doc: "A state-changing request authenticated by the session cookie lacks the session's CSRF token (`X-Veil-CSRF-Token`); nothing was changed.",
  },
  'auth.forbidden': { status: 403, doc: 'The caller is signed in but may not perform this operation.' },
  'rate_limit.exceeded': {
    status: 429,
    doc: 'The caller sent more requests than its limit allows in the window; `Retry-After` says how many seconds to wait.',
  },
  'auth.too_many_failures': {
    status: 429,
    doc: 'Too many failed sign-ins or authentications from this address or for this account; `Retry-After` says how many seconds to wait, and no credentials are checked until then.',
  },
  'account.not_found': {
    status: 404,
    doc: 'No account has this accountId (or the caller may not know of it).',
  },
  'account.invalid_id': {
    status: 400,
    doc: 'An accountId must be 1 to 128 characters of letters, digits, `-` and `:`.',
  },
  'account.email_taken': { status: 409, doc: 'Another global account already uses this email address.' },
  'account.app_key_taken': { status: 409, doc: 'An app account already exists for this app key.' },
  'account.id_taken': { status: 409, doc: 'An account with this accountId already exists.' },
  'account.deleted': {
    status: 409,
    doc: 'The account was deleted: its personal data is erased and it can no longer change.',
  },
  'account.deletion_pending': {
    status: 409,
    doc: 'The account is waiting to be deleted; cancel the deletion first (it gives the account back its status).',
  },
  'account.email_managed': {
    status: 403,
    doc: "The account is managed by an organization: only the organization's admin changes its email address.",
  },
  'account.email_outside_organization': {
    status: 403,
    doc: "An organization admin sets a managed account's email only to an address in one of the organization's verified domains.",
  },
  'email_change.link_invalid': {
    status: 404,
    doc: 'The email confirmation link confirms nothing: it was used already, a newer request replaced it, or it was never sent.',
  },
  'email_change.link_expired': {
    status: 410,
    doc: 'The email confirmation link has expired (it works for 24 hours); ask for the change again.',
  },
  'deletion.already_requested': {
    status: 409,
    doc: 'A deletion of this account is already waiting; cancel it, or shorten its wait, instead of asking again.',
  },
  'deletion.not_found': { status: 404, doc: 'No deletion of this account is waiting to be carried out.' },
  'deletion.already_erased': {
    status: 409,
    doc: 'The deletion was carried out: the account is erased, and nothing can cancel that.',
  },
  'deletion.confirmation_required': {
    status: 400,
    doc: 'A grace period shorter than the configured one needs `confirm` set to the accountId being deleted.',
  },
  'deletion.not_a_person': {
    status: 400,
    doc: "An app's account is not deleted: it goes when the app is uninstalled.",
  },
  'erasure.report_not_found': { status: 404, doc: 'No erasure report exists for this account.' },
  'reporting.too_many_accounts': {
    status: 400,
    doc: 'A personal-data report holds at most 90 accounts; split larger lists.',
  },
  'reporting.too_soon': {
    status: 429,
    doc: 'An account in the report was already reported within the cycle period; `Retry-After` says when to send it again.',
  },
  'clock.backwards': { status: 400, doc: 'The clock only moves forward; the duration was negative.' },
  'clock.invalid_duration': {
    status: 400,
    doc: 'The duration is not an ISO-8601 duration such as `P14D` or `PT12H` (or is longer than 100 years).',
  },
  'clock.out_of_range': {
    status: 400,
    doc: 'The duration would move the clock past 9999-12-31T23:59:59.999Z, the last time Veil can store; the clock was not moved.',
  },
  'visibility.locked': { status: 403, doc: 'The organization that manages the account locked this setting.' },
  'visibility.organization_needs_managed_account': {
    status: 400,
    doc: '`organization` visibility exists only for accounts that an organization manages.',
  },
  'visibility.not_managed_by_you': {
    status: 403,
    doc: 'Only an admin of the managing organization can set or lock this.',
  },
  'organization.not_found': { status: 404, doc: 'No organization has this id.' },
  'organization.id_taken': { status: 409, doc: 'An organization with this id already exists.' },
  'organization.domain_taken': { status: 409, doc: 'Another organization already verified this domain.' },
  'organization.domain_not_found': { status: 404, doc: 'The organization has not verified this domain.' },
  'site.not_found': { status: 404, doc: 'No site has this id, or no site answers for this host.' },
  'site.id_taken': { status: 409, doc: 'A site with this id already exists.' },
  'site.host_taken': { status: 409, doc: 'Another site already answers for this host name.' },
  'site.link_not_found': { status: 404, doc: 'The account is not linked to this site.' },
  'site.customer_elsewhere': {
    status: 400,
    doc: "A customer account belongs to one site: it cannot be linked to another, nor be made another site's admin.",
  },
  'group.not_found': { status: 404, doc: 'No group with this name or id exists on the site.' },
  'group.name_taken': { status: 409, doc: 'The site already has a group with this name.' },
  'issue.not_found': { status: 404, doc: 'No issue with this key or id exists on the site.' },
  'user_property.not_found': { status: 404, doc: 'No property with this key that the caller may read.' },
  'comment.not_found': { status: 404, doc: 'The issue has no comment with this id.' },
  'worklog.not_found': { status: 404, doc: 'The issue has no worklog with this id.' },
  'token.not_found': { status: 404, doc: 'No API token with this id belongs to the account.' },
  'token.limit_reached': {
    status: 409,
    doc: 'The account already holds the most API tokens it may (100); revoke one before creating another.',
  },
  'migration.username_taken': {
    status: 409,
    doc: 'Another account of the site already has this legacy username (usernames are unique per site, case-insensitively).',
  },
  'migration.user_key_taken': {
    status: 409,
    doc: 'Another account of the site already has this legacy userKey.',
  },
  'migration.legacy_identifier_refused': {
    status: 400,
    doc: 'The call named a user by `username` or `key` where only accountIds are accepted (the site is enforced, or the call opted in to the GDPR behaviour); use `accountId`.',
  },
  'jql.invalid': {
    status: 400,
    doc: 'A JQL query does not parse (the message gives the position and what was expected there), names a field or value the site does not have, or uses a clause, function or sort the search does not answer exactly (the message names it).',
  },
  'jql.too_large': {
    status: 400,
    doc: 'A JQL query is over a size bound: more than 20,000 characters (`maxJqlCharacters`) or 1,000 clauses (`maxJqlClauses`); the message names the bound.',
  },
  'scenario.invalid': {
    status: 400,
    doc: 'The scenario file has problems; `errors` lists each with its JSON path.',
  },
  'scenario.conflict': {
    status: 409,
    doc: 'The store already holds a different scenario; start with an empty store.',
  },
  'connect.descriptor_invalid': {
    status: 400,
    doc: 'The app descriptor fails the descriptor schema or cannot be hosted; `errors` lists each problem with its JSON path.',
  },
  'connect.descriptor_unavailable': {
    status: 502,
    doc: 'The app descriptor could not be fetched from its URL: no answer in time, not 2xx, or not JSON.',
  },
  'connect.install_failed': {
    status: 502,
    doc: 'The app did not answer its `installed` callback with 2xx in time; nothing was installed.',
  },
  'connect.install_in_progress': {
    status: 409,
    doc: 'The app is being installed on this site by another request right now; nothing was sent to the app. Try again once that install ends.',
  },
  'connect.app_not_installed': { status: 404, doc: 'The app is not installed on this site.' },
  'connect.app_disabled': {
    status: 403,
    doc: 'The app is disabled on this site; its JWTs are refused until it is enabled again.',
  },
  'connect.scope_missing': {
    status: 403,
    doc: "The app's descriptor does not ask for the scope this operation needs, or no app may use the operation.",
  },
  'connect.upm_token_invalid': {
    status: 403,
    doc: 'A plugin-manager install needs the `upm-token` that `GET /rest/plugins/1.0/` gave, within 5 minutes.',
  },
  'connect.install_key_not_found': { status: 404, doc: 'No install signing key has this kid.' },
  'connect.install_task_not_found': {
    status: 404,
    doc: 'No plugin-manager install task has this id on this site.',
  },
  'webhook.delivery_not_found': {
    status: 404,
    doc: 'The app has no webhook delivery with this id on this site.',
  },
  'email_api.app_only': {
    status: 401,
    doc: 'The Email API is for Connect apps calling as themselves (with their JWT), not for people or apps acting for one.',
  },
  'email_api.not_approved': {
    status: 400,
    doc: 'The calling app is not approved to use the Email API (it never applied, is pending, or was rejected).',
  },
  'email_api.app_not_found': { status: 404, doc: 'No app with this key was ever installed on Veil.' },
  'email_api.scope_missing': {
    status: 400,
    doc: 'An app applies for the Email API only once its descriptor asks for the `ACCESS_EMAIL_ADDRESSES` scope.',
  },
  'email_api.already_approved': { status: 409, doc: 'The app is already approved for the Email API.' },
  'email_api.no_application': {
    status: 409,
    doc: 'The app has not applied for the Email API, so there is nothing to decide.',
  },
  'jwt.invalid': {
    status: 401,
    doc: 'The JWT is malformed, is not HS256, its signature does not verify, or a claim is missing or wrong.',
  },
  'jwt.expired': { status: 401, doc: "The JWT's `exp` has passed (beyond 30 seconds of clock skew)." },
  'jwt.not_yet_valid': {
    status: 401,
    doc: 'The JWT was issued in the future (`iat` or `nbf` beyond 30 seconds of clock skew).',
  },
  'jwt.qsh_mismatch': {
    status: 401,
    doc: "The JWT's `qsh` does not match the request's method, path and query, is missing, or is `context-qsh`.",
  },
  'jwt.unknown_issuer': {
    status: 401,
    doc: "The JWT's issuer (client key or app key) names no app installed on this site.",
  },
  'internal.unexpected': {
    status: 500,
    doc: 'Something failed inside Veil; the response carries a request id for the logs.',
  },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
