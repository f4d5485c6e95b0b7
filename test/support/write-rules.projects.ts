/** The rules of the project, component and project role operations: site admins and PROJECT_ADMIN apps write. */
import { actingFor, mia, type WriteRule } from './write-rules.shared.ts';
import type { CallerKind } from './write-world.ts';

/** Site and platform admins, apps whose scopes imply PROJECT_ADMIN, and the admins an ADMIN app acts for. */
const projectAdmins: CallerKind[] = [
  'siteAdmin',
  'platformAdmin',
  'app:PROJECT_ADMIN',
  'app:ADMIN',
  ...actingFor('siteAdmin', 'platformAdmin'),
];

/** The demo's first component (ACME's Backend) and ACME's Administrators role, where Olivia acts. */
const component = '10000';
const olivia = '5f0c1a9e2b7d4c8e9a1b3c06';

export const projectRules: WriteRule[] = ['2', '3'].flatMap((version): WriteRule[] => {
  const api = `/rest/api/${version}`;
  const role = `${api}/project/ACME/role/10002`;
  return [
    {
      method: 'POST',
      route: `${api}/project`,
      allowed: projectAdmins,
      request: (_w, _k, n) => ({
        url: `${api}/project`,
        body: { key: `P${n}`, name: `Matrix ${n}`, leadAccountId: mia, projectTypeKey: 'software' },
      }),
    },
    {
      method: 'PUT',
      route: `${api}/project/:projectIdOrKey`,
      allowed: projectAdmins,
      request: (_w, _k, n) => ({ url: `${api}/project/HELP`, body: { name: `Renamed ${n}` } }),
    },
    {
      method: 'DELETE',
      route: `${api}/project/:projectIdOrKey`,
      allowed: projectAdmins,
      resets: true,
      request: () => ({ url: `${api}/project/HELP` }),
    },
    {
      method: 'POST',
      route: `${api}/component`,
      allowed: projectAdmins,
      request: (_w, _k, n) => ({ url: `${api}/component`, body: { project: 'ACME', name: `Matrix ${n}` } }),
    },
    {
      method: 'PUT',
      route: `${api}/component/:id`,
      allowed: projectAdmins,
      request: (_w, _k, n) => ({
        url: `${api}/component/${component}`,
        body: { description: `Edited ${n}` },
      }),
    },
    {
      method: 'DELETE',
      route: `${api}/component/:id`,
      allowed: projectAdmins,
      resets: true,
      request: () => ({ url: `${api}/component/${component}` }),
    },
    {
      method: 'POST',
      route: `${api}/project/:projectIdOrKey/role/:id`,
      allowed: projectAdmins,
      request: () => ({ url: role, body: { group: ['developers'] } }),
    },
    {
      method: 'PUT',
      route: `${api}/project/:projectIdOrKey/role/:id`,
      allowed: projectAdmins,
      request: () => ({
        url: role,
        body: { categorisedActors: { 'atlassian-user-role-actor': [olivia, mia] } },
      }),
    },
    {
      method: 'DELETE',
      route: `${api}/project/:projectIdOrKey/role/:id`,
      allowed: projectAdmins,
      resets: true,
      request: () => ({ url: `${role}?user=${olivia}` }),
    },
  ];
});
