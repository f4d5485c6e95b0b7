import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';

/** Operations that the account model removed, what each says, and what to use instead. */
const goneOperations: readonly { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; why: string }[] = [
  {
    method: 'POST',
    path: 'user/application',
    why: 'Adding a user to an application is no longer available: product access comes with the link to the site. Use POST /rest/api/{v}/user with products, or POST /rest/api/{v}/group/user.',
  },
  {
    method: 'DELETE',
    path: 'user/application',
    why: 'Removing a user from an application is no longer available: product access comes with the link to the site. Use DELETE /rest/api/{v}/user to remove the user from the site, or DELETE /rest/api/{v}/group/user.',
  },
  {
    method: 'PUT',
    path: 'user/password',
    why: "Setting a user's password is no longer available: passwords belong to the person's account and only they manage it. People use the API with their email and an API token; to stop someone using the site, use DELETE /rest/api/{v}/user or PUT /rest/api/2/user with active false.",
  },
  {
    method: 'PUT',
    path: 'myself',
    why: "Changing the current user is no longer available here: the profile belongs to the person's account. Change it with PATCH /veil/v1/me/profile, and who sees it with PUT /veil/v1/me/visibility.",
  },
  {
    method: 'PUT',
    path: 'myself/password',
    why: 'Changing your password is no longer available here: product APIs take no passwords. Sign in with your email and an API token; create one with POST /veil/v1/me/tokens.',
  },
  {
    method: 'GET',
    path: 'password/policy',
    why: 'The password policy is no longer available: product APIs take no passwords. Sign in with your email and an API token; create one with POST /veil/v1/me/tokens.',
  },
];

/** The user-management operations that are gone, on one tracker version: each answers 410 and says why. */
export function registerGoneUserOperations(app: VeilApp, version: '2' | '3') {
  for (const gone of goneOperations) {
    app.route({
      method: gone.method,
      url: `/rest/api/${version}/${gone.path}`,
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Removed: answers 410 Gone and says what to use instead',
        response: trackerErrors,
      },
      handler: async () => {
        throw new VeilError('operation.gone', gone.why.replaceAll('{v}', version));
      },
    });
  }
}
