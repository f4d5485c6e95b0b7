/**
 * `POST /wiki/api/v2/user/access/check-access-by-email` and `…/invite-by-email`. An email counts as
 * having access only when the caller may see it on an account that has the wiki on the site: an
 * account whose email is hidden from the caller answers exactly as no account would, so neither call
 * reveals whether a hidden email has an account.
 */
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isPlausibleEmail, normalizeEmail } from '../accounts/profile.rules.ts';
import type { Directory } from '../directory/directory.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { requireSignedIn } from '../user-api/request-context.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { requireWikiAccess } from './wiki.context.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
}

const tags = ['wiki v2'];
const EmailsBody = Type.Object({
  emails: Type.Array(Type.String({ maxLength: 320 }), { maxItems: 100 }),
});
const AccessAnswer = Type.Object({
  emailsWithoutAccess: Type.Array(Type.String()),
  invalidEmails: Type.Array(Type.String()),
});

/** Whether the caller may see `email` on an account with the wiki on the site (the one decision decides). */
async function hasVisibleAccess(directory: Directory, request: FastifyRequest, site: Site, email: string) {
  const accountId = await directory.accountIdForEmail(email, site.id);
  const entry = accountId === undefined ? undefined : await directory.entry(accountId);
  if (!entry?.links.get(site.id)?.products.includes('confluence')) return false;
  if (directory.statusOn(entry, site.id) !== 'active') return false;
  const seen = directory.viewOf(entry, request.caller.viewer, site.id).email;
  return seen !== undefined && normalizeEmail(seen) === email;
}

/** The emails of the request split into those without (visible) access and those that are not emails. */
async function checkEmails(
  directory: Directory,
  request: FastifyRequest,
  site: Site,
  emails: readonly string[],
) {
  const emailsWithoutAccess: string[] = [];
  const invalidEmails: string[] = [];
  for (const given of emails) {
    if (!isPlausibleEmail(given)) invalidEmails.push(given);
    else if (!(await hasVisibleAccess(directory, request, site, normalizeEmail(given))))
      emailsWithoutAccess.push(given);
  }
  return { emailsWithoutAccess, invalidEmails };
}

/** The two access-by-email operations of the wiki's v2 API. */
export function registerAccessByEmailRoutes(app: VeilApp, deps: Deps) {
  const base = '/wiki/api/v2/user/access';
  app.post(
    `${base}/check-access-by-email`,
    {
      schema: {
        tags,
        summary: 'Check site access for a list of emails',
        body: EmailsBody,
        response: { 200: AccessAnswer, ...wikiErrors },
      },
    },
    async (request) => {
      requireSignedIn(request);
      const site = await requireWikiAccess(request, deps.directory);
      return checkEmails(deps.directory, request, site, request.body.emails);
    },
  );
  // Veil sends no invitations: the call is checked and answered as the cloud answers it, and nothing
  // is written (an invited person is added to a site through the management API or a scenario).
  app.post(
    `${base}/invite-by-email`,
    {
      schema: {
        tags,
        summary: 'Invite a list of emails to the site',
        body: EmailsBody,
        response: { 200: NoContent, ...wikiErrors },
      },
    },
    async (request, reply) => {
      requireSignedIn(request);
      await requireWikiAccess(request, deps.directory);
      return reply.code(200).send(null);
    },
  );
}
