import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { testBackends } from '../support/backends.ts';
import {
  legacyIdentities,
  type MigrationPerson,
  migrationIds,
  migrationPerson,
  readMigrationScenario,
} from '../support/migration-world.ts';
import { type SpecName, SpecValidator } from '../support/openapi.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

/**
 * Every operation of the user APIs in each identity mode: the legacy stage (usernames and keys in and
 * out, X-AUSERNAME), the legacy stage with the opt-in header (GDPR behaviour for the call), and the
 * enforced stage (accountIds only, whatever the headers).
 */

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Form = 'username' | 'key' | 'accountId';

interface Mode {
  readonly name: string;
  readonly host: string;
  readonly headers: Record<string, string>;
  readonly legacy: boolean;
}

const force = { 'x-atlassian-force-account-id': 'true' };
const modes: readonly Mode[] = [
  { name: 'legacy', host: 'legacy.localhost', headers: {}, legacy: true },
  {
    name: 'legacy with x-atlassian-force-account-id',
    host: 'legacy.localhost',
    headers: force,
    legacy: false,
  },
  { name: 'enforced', host: 'enforced.localhost', headers: {}, legacy: false },
  {
    name: 'enforced with the legacy header false',
    host: 'enforced.localhost',
    headers: { 'x-atlassian-force-account-id': 'false' },
    legacy: false,
  },
];

const { mia } = migrationIds;

/** How an operation names Mia in each form, on a site (her username and key differ per site). */
function miaAs(form: Form, host: string): string {
  const identity = legacyIdentities[host]?.[mia];
  if (form === 'accountId') return `accountId=${mia}`;
  return form === 'username' ? `username=${identity?.username}` : `key=${identity?.userKey}`;
}

/** A read operation, with the users its answer carries. */
interface Operation {
  readonly name: string;
  readonly spec: SpecName;
  readonly specOperation: `${Method} ${string}`;
  /** The URL naming Mia in a form; null when the operation names no user (only the answer changes). */
  readonly url: (form: Form, host: string) => string;
  readonly forms: readonly Form[];
  /** The legacy parameter names the legacy forms send (refused outside the legacy mode). */
  readonly legacyParameter: (form: Form) => string;
  readonly users: (body: unknown) => Record<string, unknown>[];
  readonly as?: MigrationPerson;
  readonly method?: Method;
  readonly body?: (form: Form, host: string) => unknown;
  /** Whether `self` of each user follows the form the call used. */
  readonly selfFollowsForm?: boolean;
}

const one = (body: unknown) => [body as Record<string, unknown>];
const list = (body: unknown) => body as Record<string, unknown>[];
const values = (body: unknown) => (body as { values: Record<string, unknown>[] }).values;
const none = () => [] as Record<string, unknown>[];
const named = (form: Form) => (form === 'accountId' ? 'accountId' : form);

function trackerOperations(version: '2' | '3'): Operation[] {
  const base = `/rest/api/${version}`;
  const op = (
    name: string,
    path: string,
    specPath: string,
    query: (form: Form, host: string) => string,
    users: Operation['users'],
    extra: Partial<Operation> = {},
  ): Operation => ({
    name: `${name} (v${version})`,
    spec: 'jira',
    specOperation: `${extra.method ?? 'GET'} /rest/api/3${specPath}`,
    url: (form, host) => `${base}${path}?${query(form, host)}`,
    forms: ['username', 'key', 'accountId'],
    legacyParameter: named,
    users,
    ...extra,
  });
  const searchForm = (form: Form) => (form === 'accountId' ? `accountId=${mia}` : 'username=mi');
  const searches = { forms: ['username', 'accountId'] as const, legacyParameter: named };
  return [
    op('GET /user', '/user', '/user', (form, host) => `${miaAs(form, host)}&expand=groups`, one, {
      selfFollowsForm: true,
    }),
    op('GET /user/bulk', '/user/bulk', '/user/bulk', (form, host) => miaAs(form, host), values, {
      selfFollowsForm: true,
    }),
    op('GET /user/groups', '/user/groups', '/user/groups', miaAs, none),
    op('GET /myself', '/myself', '/myself', () => 'expand=applicationRoles', one, { forms: ['accountId'] }),
    op('GET /user/search', '/user/search', '/user/search', searchForm, list, searches),
    op(
      'GET /user/assignable/search',
      '/user/assignable/search',
      '/user/assignable/search',
      (form, host) => `project=${host.startsWith('legacy') ? 'ACME' : 'NEW'}&${searchForm(form)}`,
      list,
      searches,
    ),
    op(
      'GET /user/assignable/multiProjectSearch',
      '/user/assignable/multiProjectSearch',
      '/user/assignable/multiProjectSearch',
      (form, host) => `projectKeys=${host.startsWith('legacy') ? 'ACME' : 'NEW'}&${searchForm(form)}`,
      list,
      searches,
    ),
    op(
      'GET /user/viewissue/search',
      '/user/viewissue/search',
      '/user/viewissue/search',
      (form, host) => `projectKey=${host.startsWith('legacy') ? 'ACME' : 'NEW'}&${searchForm(form)}`,
      list,
      searches,
    ),
    op(
      'GET /user/permission/search',
      '/user/permission/search',
      '/user/permission/search',
      (form) => `permissions=BROWSE_PROJECTS&${searchForm(form)}`,
      list,
      searches,
    ),
    op(
      'GET /user/picker',
      '/user/picker',
      '/user/picker',
      (form) =>
        form === 'accountId' ? `query=m&excludeAccountIds=${migrationIds.liam}` : 'query=m&exclude=liam',
      (body) => (body as { users: Record<string, unknown>[] }).users,
      { forms: ['username', 'accountId'], legacyParameter: () => 'exclude' },
    ),
    op('GET /users/search', '/users/search', '/users/search', () => 'maxResults=20', list, {
      forms: ['accountId'],
      as: 'olivia',
    }),
    op('GET /group/member', '/group/member', '/group/member', () => 'groupname=jira-users', values, {
      forms: ['accountId'],
    }),
    op(
      'GET /groups/picker',
      '/groups/picker',
      '/groups/picker',
      (form) => (form === 'accountId' ? `query=jira&accountId=${mia}` : 'query=jira&userName=mia'),
      none,
      { forms: ['username', 'accountId'], legacyParameter: () => 'userName' },
    ),
  ];
}

function wikiOperations(): Operation[] {
  const op = (path: string, query: Operation['url'], extra: Partial<Operation> = {}): Operation => ({
    name: `GET /wiki/rest/api${path}`,
    spec: 'confluence1',
    specOperation: `GET /wiki/rest/api${path}`,
    url: (form, host) => `/wiki/rest/api${path}?${query(form, host)}`,
    forms: ['username', 'key', 'accountId'],
    legacyParameter: named,
    users: one,
    ...extra,
  });
  const results = (body: unknown) => (body as { results: Record<string, unknown>[] }).results;
  return [
    op('/user', miaAs),
    op('/user/current', () => 'expand=operations', { forms: ['accountId'] }),
    op('/user/bulk', () => `accountId=${mia},${migrationIds.olivia}`, {
      forms: ['accountId'],
      users: results,
    }),
    op('/user/memberof', miaAs, { users: none }),
    op('/group/member', () => 'name=jira-users', { forms: ['accountId'], users: results }),
  ];
}

const operations = [...trackerOperations('3'), ...trackerOperations('2'), ...wikiOperations()];

/** The legacy fields a user object should carry in the mode, on the site. */
function assertLegacyFields(user: Record<string, unknown>, mode: Mode, wiki: boolean) {
  const accountId = user.accountId as string;
  const identity = legacyIdentities[mode.host]?.[accountId];
  const [nameField, keyField] = wiki ? ['username', 'userKey'] : ['name', 'key'];
  if (mode.legacy && identity) {
    assert.equal(user[nameField], identity.username, `${accountId} carries its username`);
    assert.equal(user[keyField], identity.userKey, `${accountId} carries its key`);
  } else {
    assert.equal(nameField in user, false, `${accountId} carries no ${nameField}`);
    assert.equal(keyField in user, false, `${accountId} carries no ${keyField}`);
  }
}

function assertSelf(user: Record<string, unknown>, form: Form, mode: Mode) {
  const identity = legacyIdentities[mode.host]?.[user.accountId as string];
  const self = user.self as string;
  if (!mode.legacy || form === 'accountId' || !identity) {
    assert.match(self, /\/user\?accountId=/);
    return;
  }
  const expected = form === 'username' ? `username=${identity.username}` : `key=${identity.userKey}`;
  assert.ok(self.endsWith(`/user?${expected}`), `${self} names the user by ${form}`);
}

for (const backend of testBackends()) {
  describe(`the migration period across the user APIs on ${backend.name}`, () => {
    let veil: TestVeil;
    const spec = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const send = (operation: Operation, form: Form, mode: Mode) =>
      veil.request({
        method: operation.method ?? 'GET',
        url: operation.url(form, mode.host),
        as: migrationPerson(operation.as ?? 'mia'),
        headers: { host: mode.host, ...mode.headers },
        ...(operation.body ? { body: operation.body(form, mode.host) } : {}),
      });

    const assertConforms = (operation: Operation, response: LightMyRequestResponse) => {
      const [method, path] = operation.specOperation.split(' ') as [Method, string];
      const problems = spec.validate(operation.spec, method, path, response.statusCode, response.json());
      assert.deepEqual(problems, [], response.body);
    };

    const assertUsernameHeader = (response: LightMyRequestResponse, mode: Mode, who: MigrationPerson) => {
      const expected = mode.legacy ? legacyIdentities[mode.host]?.[migrationIds[who]]?.username : undefined;
      assert.equal(response.headers['x-ausername'], expected, 'X-AUSERNAME names the caller in legacy only');
    };

    for (const mode of modes) {
      for (const operation of operations) {
        for (const form of operation.forms) {
          const legacyForm = form !== 'accountId';
          const accepted = !legacyForm || mode.legacy;
          it(`${mode.name}: ${operation.name} by ${form} is ${accepted ? 'answered' : 'refused'}`, async () => {
            const response = await send(operation, form, mode);
            assertUsernameHeader(response, mode, operation.as ?? 'mia');
            if (!accepted) {
              assert.equal(response.statusCode, 400, response.body);
              const body = response.json();
              if (operation.spec === 'jira') {
                assert.match(body.errorMessages[0], /accountId/);
                assert.ok(operation.legacyParameter(form) in body.errors, response.body);
              } else {
                assert.match(body.message, /accountId/);
              }
              return;
            }
            assert.equal(response.statusCode, 200, response.body);
            assertConforms(operation, response);
            const users = operation.users(response.json());
            for (const user of users) {
              assertLegacyFields(user, mode, operation.spec !== 'jira');
              if (operation.selfFollowsForm) assertSelf(user, form, mode);
            }
          });
        }
      }
    }

    it('legacy: a username search matches usernames, as the legacy search did', async () => {
      const response = await veil.request({
        url: '/rest/api/3/user/search?username=nbren',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        response.json().map((u: { accountId: string }) => u.accountId),
        [migrationIds.noah],
      );
    });

    it('legacy: the picker excludes by username and shows the username in html', async () => {
      const response = await veil.request({
        url: '/rest/api/3/user/picker?query=li&exclude=mia',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
      });
      const found = response.json().users as { accountId: string; html: string; name?: string }[];
      const liam = found.find((u) => u.accountId === migrationIds.liam);
      assert.equal(liam?.name, 'liam');
      assert.match(liam?.html ?? '', /\(<strong>li<\/strong>am\)$/);
    });

    it('legacy: unknown usernames and keys are the tracker 404, and two forms at once a 400', async () => {
      const get = (query: string) =>
        veil.request({
          url: `/rest/api/3/user?${query}`,
          as: migrationPerson('mia'),
          headers: { host: 'legacy.localhost' },
        });
      assert.equal((await get('username=nobody')).statusCode, 404);
      assert.equal((await get('key=nobody')).statusCode, 404);
      // Mia's username on the enforced site names nobody here: legacy identities are site-local.
      assert.equal((await get('username=mkrystof')).statusCode, 404);
      const both = await get(`username=mia&accountId=${mia}`);
      assert.equal(both.statusCode, 400);
      assert.deepEqual(Object.keys(both.json()).sort(), ['errorMessages', 'errors']);
    });

    it('legacy: usernames match case-insensitively, keys exactly', async () => {
      const get = (query: string) =>
        veil.request({
          url: `/rest/api/3/user?${query}`,
          as: migrationPerson('mia'),
          headers: { host: 'legacy.localhost' },
        });
      assert.equal((await get('username=NBrenner')).json().accountId, migrationIds.noah);
      assert.equal((await get('key=jirauser10100')).statusCode, 404);
      assert.equal((await get('key=JIRAUSER10100')).json().accountId, migrationIds.noah);
    });

    it('a person without a legacy identity has no name or key, and no X-AUSERNAME', async () => {
      const response = await veil.request({
        url: '/rest/api/3/myself',
        as: migrationPerson('zoe'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(response.statusCode, 200);
      assert.equal('name' in response.json(), false);
      assert.equal(response.headers['x-ausername'], undefined);
    });

    it('the structured user query gives user keys in the legacy stage only', async () => {
      const onHost = (host: string, method: 'GET' | 'POST', url: string, body?: unknown) =>
        veil.request({
          method,
          url,
          as: migrationPerson('mia'),
          headers: { host },
          ...(body ? { body } : {}),
        });
      const fields = {
        project: { key: 'ACME' },
        issuetype: { name: 'Task' },
        summary: 'Keys',
        assignee: { accountId: mia },
      };
      const created = await onHost('legacy.localhost', 'POST', '/rest/api/3/issue', { fields });
      assert.equal(created.statusCode, 201, created.body);
      const query = `/rest/api/3/user/search/query/key?query=${encodeURIComponent('is assignee of ACME')}`;
      const legacy = await onHost('legacy.localhost', 'GET', query);
      assert.equal(legacy.statusCode, 200, legacy.body);
      const key = legacyIdentities['legacy.localhost']?.[mia]?.userKey;
      assert.ok(key);
      assert.deepEqual(legacy.json().values, [{ accountId: mia, key }]);
      const optedIn = await veil.request({
        url: query,
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost', ...force },
      });
      assert.deepEqual(optedIn.json().values, [{ accountId: mia }]);
    });

    it('the wiki honours privacyMode=true as the opt-in', async () => {
      const byUsername = await veil.request({
        url: '/wiki/rest/api/user?username=mia&privacyMode=true',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(byUsername.statusCode, 400);
      assert.equal(byUsername.headers['x-ausername'], undefined);
      const byId = await veil.request({
        url: `/wiki/rest/api/user?accountId=${mia}&privacyMode=true`,
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(byId.statusCode, 200);
      assert.equal('username' in byId.json(), false);
    });

    it('the v2 wiki lookup and the anonymous user never carry legacy fields', async () => {
      const response = await veil.request({
        method: 'POST',
        url: '/wiki/api/v2/users-bulk',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
        body: { accountIds: [mia] },
      });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(spec.validate('confluence2', 'POST', '/users-bulk', 200, response.json()), []);
      assert.equal('username' in response.json().results[0], false);
    });

    it('the session resource names the user by username in the legacy stage', async () => {
      const response = await veil.request({
        url: '/rest/auth/1/session',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(response.json().name, 'mia');
      const forced = await veil.request({
        url: '/rest/auth/1/session',
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost', ...force },
      });
      assert.equal(forced.json().name, mia);
    });
  });
}
