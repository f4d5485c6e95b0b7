import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createV1Client, createV2Client } from 'confluence.js';
import { createCloudClient } from 'jira.js';
import { Version3Client } from 'jira.js-5';
import { systemClock } from '../../src/clock/clock.ts';
import { startTestbedApps, type TestbedApps } from '../support/connect-testbed.ts';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const appKey = 'com.example.every-caller';

/** A person's clients: jira.js 6 and confluence.js 3 with their API token, and who they are. */
interface PersonClients {
  readonly jira: ReturnType<typeof createCloudClient>;
  readonly wiki1: ReturnType<typeof createV1Client>;
  readonly wiki2: ReturnType<typeof createV2Client>;
  readonly accountId: string;
}

/** An app's client: jira.js 5 with the app's JWT (also for the wiki's paths, which it signs the same way). */
interface AppClients {
  readonly jira: Version3Client;
  readonly wiki: (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, data?: unknown) => Promise<unknown>;
}

type Outcome = 'answered' | number;

/** One operation: how a person and an app call it, and what each caller must get. */
interface Operation {
  readonly name: string;
  readonly person: (c: PersonClients, n: number) => Promise<unknown>;
  readonly app: (c: AppClients, n: number) => Promise<unknown>;
  readonly admin?: Outcome;
  readonly member?: Outcome;
  readonly asApp?: Outcome;
}

/** Each step of a property's life, about the caller itself (an app writes about Noah). */
const propertyKey = (n: number) => `every-caller-${n}`;
const { noah } = demoIds;

const trackerOperations: Operation[] = [
  {
    name: 'GET /rest/api/3/users',
    person: (c) => c.jira.users.getAllUsersDefault({ maxResults: 2 }),
    app: (c) => c.jira.users.getAllUsersDefault({ maxResults: 2 }),
    asApp: 403,
  },
  {
    name: 'user properties: PUT, GET keys, GET, DELETE',
    person: async (c, n) => {
      const at = { accountId: c.accountId, propertyKey: propertyKey(n) };
      await c.jira.userProperties.setUserProperty({ ...at, body: { n } });
      const keys = await c.jira.userProperties.getUserPropertyKeys({ accountId: c.accountId });
      assert.ok(keys.keys?.some((k) => k.key === at.propertyKey));
      assert.deepEqual((await c.jira.userProperties.getUserProperty(at)).value, { n });
      await c.jira.userProperties.deleteUserProperty(at);
    },
    app: async (c, n) => {
      const at = { accountId: noah, propertyKey: propertyKey(n) };
      await c.jira.userProperties.setUserProperty({ ...at, propertyValue: { n } });
      const keys = await c.jira.userProperties.getUserPropertyKeys({ accountId: noah });
      assert.ok(keys.keys?.some((k) => k.key === at.propertyKey));
      assert.deepEqual((await c.jira.userProperties.getUserProperty(at)).value, { n });
      await c.jira.userProperties.deleteUserProperty(at);
    },
  },
  {
    name: '/mypreferences: PUT, GET, DELETE',
    person: async (c, n) => {
      await c.jira.myself.setPreference({ key: `pref-${n}`, body: { on: true } });
      assert.ok(await c.jira.myself.getPreference({ key: `pref-${n}` }));
      await c.jira.myself.removePreference({ key: `pref-${n}` });
    },
    app: (c, n) => c.jira.myself.getPreference({ key: `pref-${n}` }),
    asApp: 403,
  },
  {
    name: 'GET /rest/api/3/mypreferences/locale',
    person: (c) => c.jira.myself.getLocale(),
    app: (c) => c.jira.myself.getLocale(),
    asApp: 403,
  },
  {
    name: 'GET /rest/api/3/user/columns',
    person: (c) => c.jira.users.getUserDefaultColumns({ accountId: c.accountId }),
    app: (c) => c.jira.users.getUserDefaultColumns({ accountId: noah }),
  },
  {
    name: 'PUT and DELETE /rest/api/3/user/columns',
    person: async (c) => {
      await c.jira.users.setUserColumns({ columns: ['summary', 'status'] });
      assert.deepEqual(
        (await c.jira.users.getUserDefaultColumns({})).map((column) => column.value),
        ['summary', 'status'],
      );
      await c.jira.users.resetUserColumns({});
    },
    app: (c) => c.jira.users.setUserColumns({ accountId: noah, columns: ['summary'] }),
    asApp: 403,
  },
  {
    name: 'GET /rest/api/3/user/search/query and …/query/key',
    person: async (c) => {
      await c.jira.userSearch.findUsersByQuery({ query: 'is assignee of ACME' });
      await c.jira.userSearch.findUserKeysByQuery({ query: 'is reporter of ACME' });
    },
    app: async (c) => {
      await c.jira.userSearch.findUsersByQuery({ query: 'is assignee of ACME' });
      await c.jira.userSearch.findUserKeysByQuery({ query: 'is reporter of ACME' });
    },
  },
  {
    name: 'GET and POST /rest/api/3/jql/autocompletedata, GET …/suggestions',
    person: async (c) => {
      await c.jira.jql.getAutoComplete();
      await c.jira.jql.getAutoCompletePost({ projectIds: [] });
      await c.jira.jql.getFieldAutoCompleteForQueryString({ fieldName: 'assignee', fieldValue: 'a' });
    },
    app: async (c) => {
      await c.jira.jql.getAutoComplete();
      await c.jira.jql.getAutoCompletePost({ projectIds: [] });
      await c.jira.jql.getFieldAutoCompleteForQueryString({ fieldName: 'assignee', fieldValue: 'a' });
    },
  },
];

const wikiOperations: Operation[] = [
  {
    name: 'wiki group reads: list, picker, by id, members by id, memberships of a user',
    person: async (c) => {
      const groups = await c.wiki1.group.getGroups({ limit: 10 });
      const id = groups.results.find((g) => g.name === 'developers')?.id ?? '';
      await c.wiki1.group.searchGroups({ query: 'dev' });
      await c.wiki1.group.getGroupByGroupId({ id });
      await c.wiki1.group.getGroupMembersByGroupId({ groupId: id });
      await c.wiki1.users.getGroupMembershipsForUser({ accountId: c.accountId });
    },
    app: async (c) => {
      const groups = (await c.wiki('GET', '/wiki/rest/api/group?limit=10')) as {
        results: { id: string; name: string }[];
      };
      const id = groups.results.find((g) => g.name === 'developers')?.id ?? '';
      await c.wiki('GET', '/wiki/rest/api/group/picker?query=dev');
      await c.wiki('GET', `/wiki/rest/api/group/by-id?id=${id}`);
      await c.wiki('GET', `/wiki/rest/api/group/${id}/membersByGroupId`);
      await c.wiki('GET', `/wiki/rest/api/user/memberof?accountId=${noah}`);
    },
  },
  {
    name: 'wiki group writes: create, add and remove a member, delete',
    person: async (c, n) => {
      const group = await c.wiki1.group.createGroup({ name: `callers-${n}` });
      await c.wiki1.group.addUserToGroupByGroupId({ groupId: group.id, accountId: c.accountId });
      await c.wiki1.group.removeMemberFromGroupByGroupId({ groupId: group.id, accountId: c.accountId });
      await c.wiki1.group.removeGroupById({ id: group.id });
    },
    app: (c, n) => c.wiki('POST', '/wiki/rest/api/group', { name: `callers-${n}` }),
    member: 403,
    asApp: 403,
  },
  {
    name: 'wiki user properties: create, list, get, update, delete',
    person: async (c, n) => {
      const at = { userId: c.accountId, key: propertyKey(n) };
      await c.wiki1.userProperties.createUserProperty({ ...at, value: { n } });
      await c.wiki1.userProperties.getUserProperties({ userId: c.accountId });
      await c.wiki1.userProperties.getUserProperty(at);
      await c.wiki1.userProperties.updateUserProperty({ ...at, value: { n: n + 1 } });
      await c.wiki1.userProperties.deleteUserProperty(at);
    },
    app: async (c, n) => {
      const url = `/wiki/rest/api/user/${noah}/property/${propertyKey(n)}`;
      await c.wiki('POST', url, { value: { n } });
      await c.wiki('GET', `/wiki/rest/api/user/${noah}/property`);
      await c.wiki('GET', url);
      await c.wiki('PUT', url, { value: { n: n + 1 } });
      await c.wiki('DELETE', url);
    },
  },
  {
    name: 'POST /wiki/api/v2/user/access/check-access-by-email and …/invite-by-email',
    person: async (c) => {
      await c.wiki2.user.checkAccessByEmail({ body: { emails: ['nobody@example.org'] } });
      await c.wiki2.user.inviteByEmail({ body: { emails: ['nobody@example.org'] } });
    },
    app: async (c) => {
      await c.wiki('POST', '/wiki/api/v2/user/access/check-access-by-email', {
        emails: ['nobody@example.org'],
      });
      await c.wiki('POST', '/wiki/api/v2/user/access/invite-by-email', { emails: ['nobody@example.org'] });
    },
  },
];

/** The HTTP status a client's error carries (jira.js 6 and confluence.js 3: `status`; jira.js 5: the same). */
function statusOf(error: unknown): number | undefined {
  const e = error as { status?: number; response?: { status?: number }; cause?: { status?: number } };
  return e.status ?? e.response?.status ?? e.cause?.status;
}

async function outcomeOf(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    await call();
    return 'answered';
  } catch (error) {
    const status = statusOf(error);
    if (status === undefined) throw error;
    return status;
  }
}

/**
 * Issue 17's acceptance, whole: every user operation it lists, called through the real clients
 * (jira.js 6 and confluence.js 3 with an API token, jira.js 5 with an app's JWT) against `veil start`,
 * by a site admin, a person and a Connect app, each answered or refused as the product says.
 */
describe('every listed user operation for an admin, a person and an app, through the real clients', () => {
  let veil: VeilProcess;
  let apps: TestbedApps<'app'>;
  let admin: PersonClients;
  let member: PersonClients;
  let app: AppClients;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
    apps = await startTestbedApps(
      { url: veil.url, clock: systemClock },
      { app: { key: appKey, scopes: ['READ', 'WRITE', 'DELETE'] } },
    );
    admin = personClients(veil.url, 'olivia@acme.test', 'demo-token-olivia', demoIds.olivia);
    member = personClients(veil.url, 'mia@acme.test', 'demo-token-mia', demoIds.mia);
    const jira = new Version3Client({
      host: veil.url,
      authentication: { jwt: { issuer: appKey, secret: apps.app.credentials(veil.url).sharedSecret } },
    });
    app = {
      jira,
      wiki: (method, url, data) => jira.sendRequest({ url, method, data }, undefined as never),
    };
  });
  after(async () => {
    await apps?.close();
    await veil?.stop();
  });

  let n = 0;
  for (const operation of [...trackerOperations, ...wikiOperations]) {
    it(`${operation.name}: ${describeOutcomes(operation)}`, async () => {
      n += 1;
      assert.equal(await outcomeOf(() => operation.person(admin, n)), operation.admin ?? 'answered', 'admin');
      assert.equal(
        await outcomeOf(() => operation.person(member, n)),
        operation.member ?? 'answered',
        'person',
      );
      assert.equal(await outcomeOf(() => operation.app(app, n)), operation.asApp ?? 'answered', 'app');
    });
  }
});

function personClients(host: string, email: string, apiToken: string, accountId: string): PersonClients {
  const auth = { type: 'basic' as const, email, apiToken };
  return {
    jira: createCloudClient({ host, auth, onSchemaMismatch: 'throw' }),
    wiki1: createV1Client({ host, auth }),
    wiki2: createV2Client({ host, auth }),
    accountId,
  };
}

function describeOutcomes(operation: Operation): string {
  const said = (outcome: Outcome | undefined) =>
    outcome === undefined || outcome === 'answered' ? 'answered' : `${outcome}`;
  return `admin ${said(operation.admin)}, person ${said(operation.member)}, app ${said(operation.asApp)}`;
}
