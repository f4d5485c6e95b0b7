import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const olivia = demoPerson('olivia');
const spec = new SpecValidator();

interface Person {
  accountId: string;
  active: boolean;
}
interface Component {
  id: string;
  name: string;
  leadAccountId?: string;
  isAssigneeTypeValid: boolean;
  realAssigneeType: string;
  lead?: Person;
  assignee?: Person;
  realAssignee?: Person;
}

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`components and project roles on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const createComponent = (body: Record<string, unknown>, as = olivia) =>
      veil.request({ method: 'POST', url: '/rest/api/3/component', as, body });

    it('serves the demo components, whose assignees fall back as the product computes them', async () => {
      const list = await veil.request({ url: '/rest/api/2/project/ACME/components', as: mia });
      assert.equal(list.statusCode, 200, list.body);
      assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}/components', 200, list.json());
      const byName = new Map<string, Component>(list.json().map((c: Component) => [c.name, c]));
      assert.deepEqual([...byName.keys()], ['Backend', 'Docs', 'Frontend']);
      const backend = byName.get('Backend') as Component;
      assert.equal(backend.lead?.accountId, demoIds.noah);
      assert.equal(backend.leadAccountId, demoIds.noah);
      assert.equal(backend.realAssignee?.accountId, demoIds.noah);
      assert.equal(backend.isAssigneeTypeValid, true);
      // Ethan is deactivated: named as the assignee, but issues go to the project's default (nobody).
      const frontend = byName.get('Frontend') as Component;
      assert.equal(frontend.assignee?.accountId, demoIds.ethan);
      assert.equal(frontend.assignee?.active, false);
      assert.equal(frontend.isAssigneeTypeValid, false);
      assert.equal(frontend.realAssigneeType, 'PROJECT_DEFAULT');
      assert.equal(frontend.realAssignee, undefined);
      const edited = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/project/ACME',
        as: olivia,
        body: { assigneeType: 'PROJECT_LEAD' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const fallback = await veil.request({ url: `/rest/api/3/component/${frontend.id}`, as: mia });
      assertMatchesSpec('get', '/rest/api/3/component/{id}', 200, fallback.json());
      assert.equal(fallback.json().realAssigneeType, 'PROJECT_DEFAULT');
      assert.equal(fallback.json().realAssignee.accountId, demoIds.mia);
      const page = await veil.request({ url: '/rest/api/3/project/ACME/component?maxResults=1', as: mia });
      assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}/component', 200, page.json());
      assert.equal(page.json().total, 3);
      const whole = await veil.request({ url: '/rest/api/3/project/ACME', as: mia });
      assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}', 200, whole.json());
      assert.equal(whole.json().components.length, 3);
      const led = await createComponent({ project: 'ACME', name: 'Api', leadAccountId: demoIds.liam });
      assert.equal(led.statusCode, 201, led.body);
      assertMatchesSpec('post', '/rest/api/3/component', 201, led.json());
      assert.equal(led.json().assigneeType, 'PROJECT_DEFAULT');
      assert.equal(led.json().realAssignee.accountId, demoIds.mia);
    });

    it('edits and deletes components as a site admin, and refuses bad input', async () => {
      const made = await createComponent({ project: 'HELP', name: 'Queue' });
      assert.equal(made.statusCode, 201, made.body);
      const url = `/rest/api/3/component/${made.json().id}`;
      assert.equal(
        (await veil.request({ method: 'PUT', url, as: mia, body: { name: 'X' } })).statusCode,
        403,
      );
      const edited = await veil.request({
        method: 'PUT',
        url,
        as: olivia,
        body: { name: 'Inbox', leadAccountId: demoIds.ava, assigneeType: 'COMPONENT_LEAD' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assertMatchesSpec('put', '/rest/api/3/component/{id}', 200, edited.json());
      assert.equal(edited.json().lead.accountId, demoIds.ava);
      for (const body of [
        { project: 'HELP', name: 'Inbox' },
        { project: 'ACME', name: 'backend' },
        { project: 'HELP', name: 'Other', leadAccountId: '5f0c1a9e2b7d4c8e9a1b3cff' },
        { project: 'HELP', name: 'Other', leadUserName: 'mia' },
        { project: 'HELP', name: 'Other', assigneeType: 'NOBODY' },
        { project: 'NOPE', name: 'Other' },
        { name: 'Other' },
      ]) {
        const refused = await createComponent(body);
        assert.equal(refused.statusCode, 400, `${JSON.stringify(body)}: ${refused.body}`);
      }
      const names = (await veil.request({ url: '/rest/api/3/project/HELP/components', as: mia })).json();
      assert.deepEqual(
        names.map((c: { name: string }) => c.name),
        ['Inbox', 'Triage'],
      );
      assert.equal((await veil.request({ method: 'DELETE', url, as: olivia })).statusCode, 204);
      assert.equal((await veil.request({ url, as: mia })).statusCode, 404);
    });

    it('serves the default roles and their actors: people by accountId, groups by name and id', async () => {
      const roles = await veil.request({ url: '/rest/api/3/project/HELP/role', as: mia });
      assert.equal(roles.statusCode, 200, roles.body);
      assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}/role', 200, roles.json());
      assert.deepEqual(Object.keys(roles.json()).sort(), ['Administrators', 'Member', 'Viewer']);
      const all = await veil.request({ url: '/rest/api/3/role', as: olivia });
      assert.equal(all.statusCode, 200, all.body);
      assertMatchesSpec('get', '/rest/api/3/role', 200, all.json());
      assert.equal((await veil.request({ url: '/rest/api/3/role', as: mia })).statusCode, 403);
      const url = '/rest/api/3/project/HELP/role/10001';
      const added = await veil.request({
        method: 'POST',
        url,
        as: olivia,
        body: { user: [demoIds.noah, demoIds.ethan], group: ['developers'] },
      });
      assert.equal(added.statusCode, 200, added.body);
      assertMatchesSpec('post', '/rest/api/3/project/{projectIdOrKey}/role/{id}', 200, added.json());
      const role = (await veil.request({ url, as: mia })).json();
      assertMatchesSpec('get', '/rest/api/3/project/{projectIdOrKey}/role/{id}', 200, role);
      const users = role.actors.filter((a: { type: string }) => a.type === 'atlassian-user-role-actor');
      assert.deepEqual(
        users.map((a: { actorUser: { accountId: string } }) => a.actorUser.accountId).sort(),
        [demoIds.noah, demoIds.ethan].sort(),
      );
      const group = role.actors.find((a: { type: string }) => a.type === 'atlassian-group-role-actor');
      assert.equal(group.actorGroup.name, 'developers');
      const active = (await veil.request({ url: `${url}?excludeInactiveUsers=true`, as: mia })).json();
      assert.equal(active.actors.length, 2);
      const set = await veil.request({
        method: 'PUT',
        url,
        as: olivia,
        body: { categorisedActors: { 'atlassian-user-role-actor': [demoIds.ava] } },
      });
      assert.equal(set.statusCode, 200, set.body);
      assertMatchesSpec('put', '/rest/api/3/project/{projectIdOrKey}/role/{id}', 200, set.json());
      assert.deepEqual(
        set.json().actors.map((a: { actorUser: { accountId: string } }) => a.actorUser.accountId),
        [demoIds.ava],
      );
      const removed = await veil.request({ method: 'DELETE', url: `${url}?user=${demoIds.ava}`, as: olivia });
      assert.equal(removed.statusCode, 204, removed.body);
      assert.equal((await veil.request({ url, as: mia })).json().actors.length, 0);
      const again = await veil.request({ method: 'DELETE', url: `${url}?user=${demoIds.ava}`, as: olivia });
      assert.equal(again.statusCode, 404, again.body);
    });

    it('refuses unknown people, unknown groups and duplicates, writing nothing', async () => {
      const url = '/rest/api/3/project/HELP/role/10002';
      for (const body of [
        { user: ['5f0c1a9e2b7d4c8e9a1b3cff'] },
        { user: [demoIds.customer] },
        { group: ['no-such-group'] },
        { groupId: ['no-such-id'] },
        { group: ['developers'], groupId: ['x'] },
        { user: [demoIds.mia], group: ['nope'] },
      ]) {
        const refused = await veil.request({ method: 'POST', url, as: olivia, body });
        assert.equal(refused.statusCode, 400, `${JSON.stringify(body)}: ${refused.body}`);
      }
      const set = await veil.request({
        method: 'PUT',
        url,
        as: olivia,
        body: { categorisedActors: { 'atlassian-user-role-actor': ['5f0c1a9e2b7d4c8e9a1b3cff'] } },
      });
      assert.equal(set.statusCode, 400, set.body);
      assert.equal((await veil.request({ url, as: mia })).json().actors.length, 0);
      assert.equal(
        (await veil.request({ method: 'POST', url, as: olivia, body: { user: [demoIds.mia] } })).statusCode,
        200,
      );
      const twice = await veil.request({ method: 'POST', url, as: olivia, body: { user: [demoIds.mia] } });
      assert.equal(twice.statusCode, 400, twice.body);
      assert.equal(
        (await veil.request({ url: '/rest/api/3/project/ACME/role/999', as: mia })).statusCode,
        404,
      );
    });
  });
}
