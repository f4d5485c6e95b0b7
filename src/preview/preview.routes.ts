import type { FastifyRequest } from 'fastify';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { renderAccountView } from '../accounts/accounts.representation.ts';
import { requirePerson } from '../auth/caller.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { emailsSeenBy } from '../email-api/email-api.service.ts';
import { VeilError } from '../errors/veil-error.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import { profileFields, type Viewer } from '../visibility/visibility.ts';
import { PreviewQuery, PreviewView } from './preview.schemas.ts';
import { previewViewerFor, previewViewerKinds, previewViewerLabels } from './preview.viewers.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
}

/** The site to show API responses of: the one asked for, else the request's, else the first linked one. */
function chooseSite(
  directory: Directory,
  entry: DirectoryEntry,
  request: FastifyRequest,
  asked: string | undefined,
): Site | null {
  if (asked !== undefined) {
    const site = directory.site(asked);
    if (!site || !entry.links.has(site.id))
      throw new VeilError('site.link_not_found', `Your account is not linked to a site ${asked}`, [
        { path: 'querystring.site', message: 'is not a site your account is linked to' },
      ]);
    return site;
  }
  if (request.site && entry.links.has(request.site.id)) return request.site;
  const [first] = entry.links.keys();
  return first === undefined ? null : (directory.site(first) ?? null);
}

/** What `GET /rest/api/3/user/email` gives the approved app: the Email API's own rule, with no read recorded. */
async function previewEmailApi(
  directory: Directory,
  viewer: Extract<Viewer, { kind: 'email-api-app' }>,
  site: Site,
  accountId: string,
) {
  const [record] = await emailsSeenBy(directory, viewer, site, [accountId]);
  return {
    request: `GET /rest/api/3/user/email?accountId=${encodeURIComponent(accountId)}`,
    status: record ? 200 : 404,
    body: record ?? null,
  };
}

/** `GET /veil/v1/me/preview`: your profile as a kind of viewer receives it, with the tracker's JSON. */
export function registerPreviewRoutes(app: VeilApp, deps: Deps) {
  const { directory } = deps;
  app.get(
    '/veil/v1/me/preview',
    {
      schema: {
        tags: ['me'],
        summary: 'Your profile as a viewer receives it, through the same decision and renderers as the APIs',
        querystring: PreviewQuery,
        response: { 200: PreviewView, ...veilErrors },
      },
    },
    async (request) => {
      const caller = requirePerson(request.caller);
      const entry = await directory.entry(caller.account.accountId);
      if (!entry) throw new VeilError('account.not_found', 'Your account is not in the directory yet');
      const kind = request.query.viewer;
      const viewer = previewViewerFor(kind, entry.account);
      const view = directory.viewOf(entry, viewer);
      const site = chooseSite(directory, entry, request, request.query.site);
      const query = `accountId=${encodeURIComponent(entry.account.accountId)}`;
      // The app calls the user API as the Connect app it is; only the Email API reads as `email-api-app`.
      const apiViewer =
        viewer.kind === 'email-api-app' ? previewViewerFor('connect-app', entry.account) : viewer;
      return {
        viewer: { kind, ...previewViewerLabels[kind] },
        viewers: previewViewerKinds
          .filter((k) => k !== 'organization' || entry.account.managingOrganizationId !== null)
          .map((k) => ({ kind: k, ...previewViewerLabels[k] })),
        account: renderAccountView(entry.account, viewer, baseUrlOf(request)),
        visibleFields: profileFields.filter((field) => view.visibleFields.has(field)),
        site: site ? { id: site.id, baseUrl: site.baseUrl } : null,
        tracker: site
          ? {
              request: `GET /rest/api/3/user?${query}`,
              user: renderTrackerUser(deps, entry, apiViewer, site, { version: '3', preview: true }),
            }
          : null,
        emailApi:
          site && viewer.kind === 'email-api-app'
            ? await previewEmailApi(directory, viewer, site, entry.account.accountId)
            : null,
      };
    },
  );
}
