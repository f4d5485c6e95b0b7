import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { type ListeningVeil, startListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';

/**
 * jira.js, unmodified, over real HTTP: it checks every response against its own schemas
 * (`onSchemaMismatch: 'throw'`), so a project, component or role shape Veil gets wrong fails here.
 */
for (const backend of testBackends()) {
  describe(`jira.js reads projects, components and roles on ${backend.name}`, () => {
    let veil: ListeningVeil;
    before(async () => {
      veil = await startListeningVeil(backend);
    });
    after(() => veil.close());

    const jiraAs = (email: string, apiToken: string) =>
      createCloudClient({
        host: veil.url,
        auth: { type: 'basic', email, apiToken },
        onSchemaMismatch: 'throw',
      });

    it("reads a project's lead, its components and a role's actors", async () => {
      const jira = jiraAs('noah@example.com', 'demo-token-noah');
      const project = await jira.projects.getProject({ projectIdOrKey: 'ACME' });
      assert.equal(project.lead?.accountId, demoIds.mia);
      assert.equal(project.lead?.displayName, 'Mia Krystof');
      const found = await jira.projects.searchProjects({ expand: 'lead' });
      assert.deepEqual(
        found.values.map((p) => p.lead?.accountId),
        [demoIds.mia, demoIds.olivia],
      );
      const components = await jira.projectComponents.getProjectComponents({ projectIdOrKey: 'ACME' });
      assert.equal(components.find((c) => c.name === 'Backend')?.lead?.accountId, demoIds.noah);
      const roles = await jira.projectRoles.getProjectRoles({ projectIdOrKey: 'ACME' });
      assert.ok(Object.keys(roles).includes('Member'));
      const members = await jira.projectRoles.getProjectRole({ projectIdOrKey: 'ACME', id: 10000 });
      const accountIds = members.actors?.map((actor) => actor.actorUser?.accountId).filter(Boolean);
      assert.ok(accountIds?.includes(demoIds.mia));
      assert.ok(members.actors?.some((actor) => actor.actorGroup?.name === 'developers'));
    });

    it('administers a project and its role actors as a site admin', async () => {
      const jira = jiraAs('olivia@acme.test', 'demo-token-olivia');
      const created = await jira.projects.createProject({
        key: 'CLI',
        name: 'Client made',
        leadAccountId: demoIds.ava,
        projectTypeKey: 'software',
      });
      assert.equal(created.key, 'CLI');
      const role = await jira.projectRoleActors.addActorUsers({
        projectIdOrKey: 'CLI',
        id: 10001,
        user: [demoIds.liam],
      });
      assert.deepEqual(
        role.actors?.map((actor) => actor.actorUser?.accountId),
        [demoIds.liam],
      );
      await jira.projectRoleActors.deleteActor({ projectIdOrKey: 'CLI', id: 10001, user: demoIds.liam });
      const component = await jira.projectComponents.createComponent({ project: 'CLI', name: 'Core' });
      assert.equal(component.realAssigneeType, 'PROJECT_DEFAULT');
      assert.equal(component.realAssignee, undefined);
      await jira.projects.deleteProject({ projectIdOrKey: 'CLI' });
    });
  });
}
