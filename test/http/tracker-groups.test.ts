import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const olivia = demoPerson('olivia'); // admin of the acme site
const mia = demoPerson('mia'); // linked to acme, not an admin
const pat = demoPerson('pat'); // platform admin
const spec = new SpecValidator();

/** Fails with the response body when the body does not match the official spec. */
function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`tracker groups on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const createGroup = (version: string, name: string, as = olivia) =>
      veil.request({ method: 'POST', url: `/rest/api/${version}/group`, as, body: { name } });
    const memberIds = async (url: string, as = mia) => {
      const response = await veil.request({ url, as });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().values.map((u: { accountId: string }) => u.accountId);
    };

    it('creates a group for a site admin, on v2 and v3, as the spec shapes a Group', async () => {
      for (const version of ['2', '3']) {
        const response = await createGroup(version, `testers-v${version}`);
        assert.equal(response.statusCode, 201, response.body);
        const group = response.json();
        assert.equal(group.name, `testers-v${version}`);
        assert.match(group.self, new RegExp(`/rest/api/${version}/group\\?groupId=${group.groupId}$`));
        assert.deepEqual(group.users, {
          size: 0,
          items: [],
          'max-results': 50,
          'start-index': 0,
          'end-index': 0,
        });
        assertMatchesSpec('post', '/rest/api/3/group', 201, group);
      }
      const bulk = await veil.request({ url: '/rest/api/3/group/bulk?groupName=testers-v2', as: mia });
      assert.deepEqual(
        bulk.json().values.map((g: { name: string }) => g.name),
        ['testers-v2'],
      );
    });

    it('lets only site and platform admins manage groups', async () => {
      const byMember = await createGroup('3', 'not-allowed', mia);
      assert.equal(byMember.statusCode, 403);
      assert.deepEqual(Object.keys(byMember.json()).sort(), ['errorMessages', 'errors']);
      const byOtherSiteAdmin = await createGroup('3', 'not-allowed', demoPerson('sofia'));
      assert.equal(byOtherSiteAdmin.statusCode, 403, 'an admin of globex is not an admin of acme');
      const anonymous = await veil.request({ method: 'POST', url: '/rest/api/3/group', body: { name: 'x' } });
      assert.equal(anonymous.statusCode, 401);
      const byPlatformAdmin = await createGroup('3', 'made-by-pat', pat);
      assert.equal(byPlatformAdmin.statusCode, 201);
      const addByMember = await veil.request({
        method: 'POST',
        url: '/rest/api/3/group/user?groupname=developers',
        as: mia,
        body: { accountId: demoIds.noah },
      });
      assert.equal(addByMember.statusCode, 403);
      const removeByMember = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/group/user?groupname=developers&accountId=${demoIds.liam}`,
        as: mia,
      });
      assert.equal(removeByMember.statusCode, 403);
      const deleteByMember = await veil.request({
        method: 'DELETE',
        url: '/rest/api/3/group?groupname=developers',
        as: mia,
      });
      assert.equal(deleteByMember.statusCode, 403);
    });

    it('refuses a group name that is missing, empty or in use', async () => {
      const missing = await veil.request({ method: 'POST', url: '/rest/api/3/group', as: olivia, body: {} });
      assert.equal(missing.statusCode, 400);
      const empty = await createGroup('3', '  ');
      assert.equal(empty.statusCode, 400);
      const taken = await createGroup('3', 'Developers');
      assert.equal(taken.statusCode, 400, 'names are unique without regard to case');
      assert.match(taken.json().errorMessages[0], /already exists/);
    });

    it('adds a linked account to a group and answers the group with its members', async () => {
      await createGroup('3', 'reviewers');
      const added = await veil.request({
        method: 'POST',
        url: '/rest/api/3/group/user?groupname=reviewers',
        as: olivia,
        body: { accountId: demoIds.noah },
      });
      assert.equal(added.statusCode, 201, added.body);
      const group = added.json();
      assert.deepEqual(
        group.users.items.map((u: { accountId: string }) => u.accountId),
        [demoIds.noah],
      );
      assert.equal(group.users.size, 1);
      assert.equal('emailAddress' in group.users.items[0], false, "noah's email is his alone");
      assertMatchesSpec('post', '/rest/api/3/group/user', 201, group);
      assert.deepEqual(await memberIds('/rest/api/3/group/member?groupname=reviewers'), [demoIds.noah]);
      const groups = await veil.request({
        url: `/rest/api/3/user/groups?accountId=${demoIds.noah}`,
        as: mia,
      });
      assert.ok(groups.json().some((g: { name: string }) => g.name === 'reviewers'));
      const again = await veil.request({
        method: 'POST',
        url: `/rest/api/2/group/user?groupId=${group.groupId}`,
        as: olivia,
        body: { accountId: demoIds.noah },
      });
      assert.equal(again.statusCode, 201, 'adding a member twice changes nothing');
      assert.equal(again.json().users.size, 1);
    });

    it('refuses bad membership changes with 400 and 404', async () => {
      const post = (query: string, body: unknown) =>
        veil.request({ method: 'POST', url: `/rest/api/3/group/user${query}`, as: olivia, body });
      assert.equal((await post('', { accountId: demoIds.noah })).statusCode, 400, 'no group named');
      const both = await post(`?groupname=developers&groupId=x`, { accountId: demoIds.noah });
      assert.equal(both.statusCode, 400, 'groupname and groupId together');
      assert.equal((await post('?groupname=developers', {})).statusCode, 400, 'no accountId');
      const legacy = await post('?groupname=developers', { name: 'noah' });
      assert.equal(legacy.statusCode, 400);
      assert.match(legacy.json().errorMessages[0], /no longer available/);
      const noGroup = await post('?groupname=no-such-group', { accountId: demoIds.noah });
      assert.equal(noGroup.statusCode, 404);
      const unknown = await post('?groupname=developers', { accountId: 'ffffffffffffffffffffffff' });
      assert.equal(unknown.statusCode, 404);
      const outsider = await createAccountThroughApi(veil, {
        email: 'unlinked@example.net',
        fullName: 'Un Linked',
      });
      const elsewhere = await post('?groupname=developers', { accountId: outsider.json().accountId });
      assert.equal(elsewhere.statusCode, 404, 'an account not linked to the site cannot join its groups');
      const removeUnknown = await veil.request({
        method: 'DELETE',
        url: '/rest/api/3/group/user?groupname=developers&accountId=ffffffffffffffffffffffff',
        as: olivia,
      });
      assert.equal(removeUnknown.statusCode, 404);
      const removeByName = await veil.request({
        method: 'DELETE',
        url: '/rest/api/3/group/user?groupname=developers&username=liam',
        as: olivia,
      });
      assert.equal(removeByName.statusCode, 400);
    });

    it('removes a member from a group', async () => {
      await createGroup('3', 'leavers');
      await veil.request({
        method: 'POST',
        url: '/rest/api/3/group/user?groupname=leavers',
        as: olivia,
        body: { accountId: demoIds.ava },
      });
      const removed = await veil.request({
        method: 'DELETE',
        url: `/rest/api/2/group/user?groupname=leavers&accountId=${demoIds.ava}`,
        as: olivia,
      });
      assert.equal(removed.statusCode, 200, removed.body);
      assert.deepEqual(await memberIds('/rest/api/3/group/member?groupname=leavers'), []);
    });

    it('lists group members paged, active ones by default, through the visibility decision', async () => {
      const page = await veil.request({ url: '/rest/api/3/group/member?groupname=jira-users', as: mia });
      assert.equal(page.statusCode, 200);
      const body = page.json();
      assertMatchesSpec('get', '/rest/api/3/group/member', 200, body);
      assert.equal(body.startAt, 0);
      assert.equal(body.maxResults, 50);
      assert.equal(body.isLast, true);
      const ids = body.values.map((u: { accountId: string }) => u.accountId);
      assert.equal(ids.includes(demoIds.ethan), false, 'ethan is deactivated');
      assert.equal(body.total, ids.length);
      const names = body.values.map((u: { displayName: string }) => u.displayName);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
      );
      const liam = body.values.find((u: { accountId: string }) => u.accountId === demoIds.liam);
      assert.equal(liam.displayName, 'L.O.', "liam's full name is his alone");
      assert.equal('emailAddress' in liam, false);
      assert.equal('locale' in liam, false, 'UserDetails has no locale');
      const ava = body.values.find((u: { accountId: string }) => u.accountId === demoIds.ava);
      assert.equal(ava.emailAddress, 'ava@acme.test', 'ava shows her email to anyone');

      const withInactive = await memberIds(
        '/rest/api/3/group/member?groupname=jira-users&includeInactiveUsers=true',
      );
      assert.ok(withInactive.includes(demoIds.ethan));
      const first = await veil.request({
        url: '/rest/api/2/group/member?groupname=jira-users&maxResults=2',
        as: mia,
      });
      assert.equal(first.json().values.length, 2);
      assert.equal(first.json().isLast, false);
      assert.match(first.json().nextPage, /startAt=2/);
      const second = await memberIds('/rest/api/2/group/member?groupname=jira-users&maxResults=2&startAt=2');
      assert.deepEqual(second, ids.slice(2, 4));
    });

    it('refuses group member requests out of range or for unknown groups', async () => {
      for (const maxResults of [0, 51, -1]) {
        const response = await veil.request({
          url: `/rest/api/3/group/member?groupname=jira-users&maxResults=${maxResults}`,
          as: mia,
        });
        assert.equal(response.statusCode, 400, `maxResults=${maxResults}`);
        assert.ok('maxResults' in response.json().errors);
      }
      const unknown = await veil.request({ url: '/rest/api/3/group/member?groupname=nobody', as: mia });
      assert.equal(unknown.statusCode, 404);
      const unnamed = await veil.request({ url: '/rest/api/3/group/member', as: mia });
      assert.equal(unnamed.statusCode, 400);
      const outsider = await veil.request({
        url: '/rest/api/3/group/member?groupname=partners',
        headers: { host: 'globex.localhost' },
      });
      assert.equal(outsider.statusCode, 401, 'anonymous callers cannot list members');
    });

    it('deletes a group, checking the swap group', async () => {
      const created = (await createGroup('3', 'doomed')).json();
      await veil.request({
        method: 'POST',
        url: '/rest/api/3/group/user?groupname=doomed',
        as: olivia,
        body: { accountId: demoIds.mia },
      });
      const del = (query: string) =>
        veil.request({ method: 'DELETE', url: `/rest/api/3/group${query}`, as: olivia });
      assert.equal((await del('?groupname=doomed&swapGroup=no-such-group')).statusCode, 404);
      assert.equal((await del('?groupname=doomed&swapGroup=doomed')).statusCode, 400);
      assert.equal((await del('?groupname=doomed&swapGroup=a&swapGroupId=b')).statusCode, 400);
      assert.equal((await del('')).statusCode, 400);
      assert.equal((await del('?groupname=no-such-group')).statusCode, 404);
      const deleted = await del(`?groupId=${created.groupId}&swapGroup=developers`);
      assert.equal(deleted.statusCode, 200, deleted.body);
      const after = await veil.request({ url: '/rest/api/3/group/member?groupname=doomed', as: mia });
      assert.equal(after.statusCode, 404);
      const groups = await veil.request({ url: `/rest/api/3/user/groups?accountId=${demoIds.mia}`, as: mia });
      assert.equal(
        groups.json().some((g: { name: string }) => g.name === 'doomed'),
        false,
      );
    });

    it('finds groups with the picker, highlighting the match', async () => {
      const found = await veil.request({ url: '/rest/api/3/groups/picker?query=dev', as: mia });
      assert.equal(found.statusCode, 200);
      const body = found.json();
      assertMatchesSpec('get', '/rest/api/3/groups/picker', 200, body);
      assert.deepEqual(
        body.groups.map((g: { html: string }) => g.html),
        ['<b>dev</b>elopers'],
      );
      assert.equal(body.header, 'Showing 1 of 1 matching groups');
      const caseSensitive = await veil.request({ url: '/rest/api/3/groups/picker?query=DEV', as: mia });
      assert.equal(caseSensitive.json().total, 0);
      const insensitive = await veil.request({
        url: '/rest/api/2/groups/picker?query=DEV&caseInsensitive=true',
        as: mia,
      });
      assert.deepEqual(
        insensitive.json().groups.map((g: { html: string }) => g.html),
        ['<b>dev</b>elopers'],
      );
      const all = (await veil.request({ url: '/rest/api/3/groups/picker', as: mia })).json();
      const names = all.groups.map((g: { name: string }) => g.name);
      assert.ok(names.includes('jira-users') && names.includes('site-admins'));
      const jiraUsers = all.groups.find((g: { name: string }) => g.name === 'jira-users');
      const excluded = await veil.request({
        url: `/rest/api/3/groups/picker?exclude=site-admins&excludeId=${jiraUsers.groupId}&maxResults=1`,
        as: mia,
      });
      assert.equal(excluded.json().total, all.total - 2);
      assert.equal(excluded.json().groups.length, 1);
      const anonymous = await veil.request({
        url: '/rest/api/3/groups/picker?query=partners',
        headers: { host: 'globex.localhost' },
      });
      assert.equal(anonymous.statusCode, 200);
      assert.deepEqual(anonymous.json(), { header: 'Showing 0 of 0 matching groups', total: 0, groups: [] });
    });

    it('escapes group names in the picker html', async () => {
      await createGroup('3', '<i>team</i> & co');
      const found = await veil.request({ url: '/rest/api/3/groups/picker?query=team', as: mia });
      assert.deepEqual(
        found.json().groups.map((g: { html: string }) => g.html),
        ['&lt;i&gt;<b>team</b>&lt;/i&gt; &amp; co'],
      );
    });

    it('gets groups in bulk by id or name, leniently, paged', async () => {
      const all = (await veil.request({ url: '/rest/api/3/group/bulk', as: mia })).json();
      assertMatchesSpec('get', '/rest/api/3/group/bulk', 200, all);
      const byName = new Map(all.values.map((g: { name: string; groupId: string }) => [g.name, g.groupId]));
      const commaJoined = await veil.request({
        url: '/rest/api/3/group/bulk?groupName=jira-users,developers',
        as: mia,
      });
      assert.deepEqual(
        commaJoined.json().values.map((g: { name: string }) => g.name),
        ['developers', 'jira-users'],
      );
      const repeated = await veil.request({
        url: `/rest/api/3/group/bulk?groupId=${byName.get('site-admins')}&groupId=${byName.get('confluence-users')}&groupId=unknown`,
        as: mia,
      });
      assert.deepEqual(
        repeated.json().values.map((g: { name: string }) => g.name),
        ['confluence-users', 'site-admins'],
      );
      const paged = (
        await veil.request({ url: '/rest/api/2/group/bulk?maxResults=2&startAt=1', as: mia })
      ).json();
      assert.equal(paged.values.length, 2);
      assert.equal(paged.total, all.total);
      assert.deepEqual(paged.values, all.values.slice(1, 3));
      const anonymous = await veil.request({
        url: '/rest/api/3/group/bulk',
        headers: { host: 'globex.localhost' },
      });
      assert.equal(anonymous.statusCode, 401);
      const badAccessType = await veil.request({ url: '/rest/api/3/group/bulk?accessType=owner', as: mia });
      assert.equal(badAccessType.statusCode, 400);
    });
  });
}
