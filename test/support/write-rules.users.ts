/**
 * The user operations' writes: properties about a person (the person, or an app with the scope; an app
 * acting for a person only about that person) and the person's own preferences.
 */
import {
  acmeMembers,
  actingFor,
  allActing,
  allApps,
  allPeople,
  mia,
  type WriteRule,
} from './write-rules.shared.ts';
import type { CallerKind } from './write-world.ts';

/** Apps whose scopes imply WRITE, and (for deletions) DELETE. */
const writingApps: readonly CallerKind[] = [
  'app:WRITE',
  'app:DELETE',
  'app:PROJECT_ADMIN',
  'app:SPACE_ADMIN',
  'app:ADMIN',
];
const deletingApps: readonly CallerKind[] = [
  'app:DELETE',
  'app:PROJECT_ADMIN',
  'app:SPACE_ADMIN',
  'app:ADMIN',
];
/** Who writes a property about Mia: Mia, apps, and an app acting for Mia. */
const propertyWriters: readonly CallerKind[] = ['self', ...writingApps, ...actingFor('self')];
const propertyDeleters: readonly CallerKind[] = ['self', ...deletingApps, ...actingFor('self')];
/** Preferences are the signed-in person's (or the person an app acts for). */
const preferenceOwners: readonly CallerKind[] = [
  ...allPeople,
  ...actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin', 'siteAdmin:READ'),
];

export const userRules: WriteRule[] = [
  ...['2', '3'].flatMap((version): WriteRule[] => [
    {
      method: 'PUT',
      route: `/rest/api/${version}/user/properties/:propertyKey`,
      allowed: propertyWriters,
      request: (_w, _k, n) => ({
        url: `/rest/api/${version}/user/properties/wm-${n}?accountId=${mia}`,
        body: { n },
      }),
    },
    {
      method: 'DELETE',
      route: `/rest/api/${version}/user/properties/:propertyKey`,
      variant: 'a property never stored (a 404 for everyone allowed)',
      allowed: propertyDeleters,
      request: () => ({ url: `/rest/api/${version}/user/properties/wm-1?accountId=${mia}` }),
    },
    {
      method: 'PUT',
      route: `/rest/api/${version}/mypreferences`,
      allowed: preferenceOwners,
      request: (_w, _k, n) => ({
        url: `/rest/api/${version}/mypreferences?key=wm-${n}`,
        body: JSON.stringify('value'),
        headers: { 'content-type': 'application/json' },
      }),
    },
    {
      method: 'DELETE',
      route: `/rest/api/${version}/mypreferences`,
      variant: 'a preference never set (a 404 for everyone allowed)',
      allowed: preferenceOwners,
      request: () => ({ url: `/rest/api/${version}/mypreferences?key=wm-1` }),
    },
    ...(['PUT', 'DELETE'] as const).flatMap((method): WriteRule[] => [
      {
        method,
        route: `/rest/api/${version}/user/columns`,
        variant: 'the own columns',
        allowed: allPeople,
        request: () => ({
          url: `/rest/api/${version}/user/columns`,
          ...(method === 'PUT' ? { body: { columns: ['summary', 'status'] } } : {}),
        }),
      },
      {
        method,
        route: `/rest/api/${version}/user/columns`,
        variant: 'the columns of Mia',
        allowed: ['self', 'siteAdmin', 'platformAdmin'],
        request: () => ({
          url: `/rest/api/${version}/user/columns?accountId=${mia}`,
          ...(method === 'PUT' ? { body: { columns: ['summary'] } } : {}),
        }),
      },
    ]),
    {
      method: 'PUT',
      route: `/rest/api/${version}/mypreferences/locale`,
      allowed: preferenceOwners,
      request: () => ({ url: `/rest/api/${version}/mypreferences/locale`, body: { locale: 'en_AU' } }),
    },
  ]),
  ...(['POST', 'PUT'] as const).map(
    (method): WriteRule => ({
      method,
      route: '/wiki/rest/api/user/:userId/property/:key',
      allowed: propertyWriters,
      request: (_w, _k, n) => ({
        url: `/wiki/rest/api/user/${mia}/property/wm-${n}`,
        body: { value: { n } },
      }),
    }),
  ),
  {
    method: 'DELETE',
    route: '/wiki/rest/api/user/:userId/property/:key',
    variant: 'a property never stored (a 404 for everyone allowed)',
    allowed: propertyDeleters,
    request: () => ({ url: `/wiki/rest/api/user/${mia}/property/wm-1` }),
  },
  ...['check-access-by-email', 'invite-by-email'].map(
    (operation): WriteRule => ({
      method: 'POST',
      route: `/wiki/api/v2/user/access/${operation}`,
      allowed: [...acmeMembers, ...allApps, ...allActing],
      request: () => ({
        url: `/wiki/api/v2/user/access/${operation}`,
        body: { emails: ['mia@acme.test', 'nobody@example.org'] },
      }),
    }),
  ),
];
