/**
 * The rules of the wiki's spaces, pages and comments: people with the wiki on acme (everyone there but
 * the customer, in the write world), apps with WRITE (DELETE to delete) and the people apps act for.
 * The demo's ENG space (10000) holds the page "Welcome" (20000) with comments 20001 and 20002, and its
 * child page "Runbook" (20003).
 */
import { acmeMembers, actingFor, readingApps, siteAdmins, type WriteRule } from './write-rules.shared.ts';
import type { CallerKind } from './write-world.ts';

const appsWith = (scope: 'WRITE' | 'DELETE'): CallerKind[] =>
  readingApps.filter((kind) => kind !== 'app:READ' && (scope === 'WRITE' || kind !== 'app:WRITE'));
const actingPeople = actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin');
const writers = (scope: 'WRITE' | 'DELETE'): CallerKind[] => [
  ...acmeMembers,
  ...appsWith(scope),
  ...actingPeople,
];
/** The demo's first page, in the space ENG (id 10000). */
const page = '20000';
const storage = (value: string) => ({ storage: { value, representation: 'storage' } });

export const wikiRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/wiki/rest/api/space',
    allowed: writers('WRITE'),
    request: (_w, _k, n) => ({ url: '/wiki/rest/api/space', body: { key: `WM${n}`, name: `Matrix ${n}` } }),
  },
  {
    method: 'POST',
    route: '/wiki/rest/api/content',
    allowed: writers('WRITE'),
    request: (_w, _k, n) => ({
      url: '/wiki/rest/api/content',
      body: { type: 'page', title: `Matrix ${n}`, space: { key: 'ENG' }, body: storage('<p>m</p>') },
    }),
  },
  {
    method: 'POST',
    route: '/wiki/rest/api/content',
    variant: 'comment',
    allowed: writers('WRITE'),
    request: () => ({
      url: '/wiki/rest/api/content',
      body: { type: 'comment', container: { id: page, type: 'page' }, body: storage('<p>c</p>') },
    }),
  },
  {
    method: 'PUT',
    route: '/wiki/rest/api/content/:id',
    allowed: writers('WRITE'),
    // The demo's page is at version 2: the first allowed update writes version 3, later ones are 409s.
    request: () => ({
      url: `/wiki/rest/api/content/${page}`,
      body: { version: { number: 3 }, title: 'Welcome', type: 'page', body: storage('<p>v3</p>') },
    }),
  },
  {
    method: 'DELETE',
    route: '/wiki/rest/api/content/:id',
    allowed: writers('DELETE'),
    // Olivia's comment on the first page: the first allowed call deletes it, later ones are 404s (no
    // fresh start needed: every refusal comes before the lookup).
    request: () => ({ url: '/wiki/rest/api/content/20002' }),
  },
  {
    method: 'POST',
    route: '/wiki/api/v2/pages',
    allowed: writers('WRITE'),
    request: (_w, _k, n) => ({
      url: '/wiki/api/v2/pages',
      body: { spaceId: '10000', title: `Matrix v2 ${n}`, body: { representation: 'storage', value: '<p/>' } },
    }),
  },
  {
    method: 'PUT',
    route: '/wiki/api/v2/pages/:id',
    allowed: writers('WRITE'),
    request: () => ({
      url: `/wiki/api/v2/pages/${page}`,
      body: {
        id: page,
        status: 'current',
        title: 'Welcome',
        body: { representation: 'storage', value: '<p>v3</p>' },
        version: { number: 3 },
      },
    }),
  },
  {
    method: 'DELETE',
    route: '/wiki/api/v2/pages/:id',
    allowed: writers('DELETE'),
    // The child page "Runbook", as above.
    request: () => ({ url: '/wiki/api/v2/pages/20003' }),
  },
  {
    method: 'POST',
    route: '/wiki/api/v2/footer-comments',
    allowed: writers('WRITE'),
    request: () => ({
      url: '/wiki/api/v2/footer-comments',
      body: { pageId: page, body: { representation: 'storage', value: '<p>c</p>' } },
    }),
  },
  {
    method: 'DELETE',
    route: '/wiki/rest/api/space/:spaceKey',
    // The site's admins and the apps with DELETE (and those acting for an admin): the space ENG goes.
    allowed: [...siteAdmins, ...appsWith('DELETE'), ...actingFor('siteAdmin', 'platformAdmin')],
    resets: true,
    request: () => ({ url: '/wiki/rest/api/space/ENG' }),
  },
];
