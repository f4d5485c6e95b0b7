import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { demoIds } from '../support/test-veil.ts';
import { basicAuth, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const appFolder = fileURLToPath(new URL('./ace-app/', import.meta.url));
const olivia = { email: 'olivia@acme.test', token: 'demo-token-olivia' };
const appKey = 'com.example.ace-acceptance';

interface AppState {
  installed: string[];
  webhooks: {
    clientKey: string;
    identifier: string;
    body: { webhookEvent: string; user: Record<string, unknown> };
  }[];
}

/** What the test reads of a `jira:issue_updated` body. */
interface IssueUpdated {
  user: Record<string, unknown>;
  issue: { key: string; fields: Record<'assignee' | 'reporter' | 'creator', Record<string, unknown>> };
  changelog: { items: { field: string; to?: string; toString?: string }[] };
}

let appExited = false;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls `read` until `check` holds of what it gives (at most 30 s), and returns that. */
async function waitFor<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 300 && !appExited; attempt++) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && check(value)) return value;
    await sleep(100);
  }
  throw new Error(`${what} never happened`);
}

/**
 * The acceptance of issue 5: an unmodified atlassian-connect-express app, run as its vendor runs it in
 * development, against a real `veil start`: it registers itself through the plugin manager, verifies
 * the signed install, calls a user endpoint with its JWT, verifies a webhook, and acts for a person.
 */
describe('an unmodified atlassian-connect-express app against veil start', () => {
  let veil: VeilProcess;
  let app: ChildProcess;
  let appUrl: string;
  let output = '';
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
    const site = await fetch(`${veil.url}/veil/v1/sites/acme`, {
      method: 'PATCH',
      headers: { ...basicAuth('pat@veil.test', 'demo-token-pat'), 'content-type': 'application/json' },
      body: JSON.stringify({ baseUrl: veil.url }),
    });
    assert.equal(site.status, 200, await site.text());
    const port = await freePort();
    appUrl = `http://127.0.0.1:${port}`;
    const veilAddress = new URL(veil.url);
    app = spawn(process.execPath, ['app.cjs'], {
      cwd: appFolder,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: String(port),
        AC_LOCAL_BASE_URL: appUrl,
        VEIL_URL: veil.url,
        VEIL_HOST: `http://${encodeURIComponent(olivia.email)}:${olivia.token}@${veilAddress.host}`,
        CONNECT_KEYS_CDN_URL: `${veil.url}/veil/v1/connect/install-keys`,
      },
    });
    app.once('exit', () => {
      appExited = true;
    });
    app.stdout?.on('data', (chunk) => (output += chunk));
    app.stderr?.on('data', (chunk) => (output += chunk));
  });
  after(async () => {
    if (app && !appExited) {
      const exited = once(app, 'exit');
      app.kill('SIGKILL');
      await exited;
    }
    await veil?.stop();
  });

  const state = async () => (await (await fetch(`${appUrl}/probe/state`)).json()) as AppState;
  const probe = async (path: string) => (await fetch(`${appUrl}${path}`)).json();

  it('registers itself through the plugin manager and verifies the signed install', async () => {
    const installed = await waitFor('the install', state, (s) => s.installed.length > 0).catch((error) => {
      throw new Error(`${(error as Error).message}; the app said:\n${output}`);
    });
    const apps = await fetch(`${veil.url}/veil/v1/sites/acme/apps`, {
      headers: basicAuth(olivia.email, olivia.token),
    });
    const listed = (await apps.json()) as { appKey: string; clientKey: string }[];
    assert.deepEqual(
      listed.map((entry) => [entry.appKey, entry.clientKey]),
      [[appKey, installed.installed[0]]],
    );
  });

  it('calls a Veil user endpoint with its JWT and sees public fields only', async () => {
    const answer = (await probe(`/probe/user?accountId=${demoIds.mia}`)) as {
      status: number;
      body: Record<string, unknown>;
    };
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.accountId, demoIds.mia);
    assert.equal(answer.body.displayName, 'Mia Krystof');
    for (const hidden of ['emailAddress', 'timeZone', 'locale'])
      assert.equal(hidden in answer.body, false, hidden);
  });

  it('receives and verifies a user_updated webhook', async () => {
    const changed = await fetch(`${veil.url}/veil/v1/me/profile`, {
      method: 'PATCH',
      headers: { ...basicAuth('mia@acme.test', 'demo-token-mia'), 'content-type': 'application/json' },
      body: JSON.stringify({ jobTitle: 'Head of Platform' }),
    });
    assert.equal(changed.status, 200);
    const { webhooks, installed } = await waitFor('the webhook', state, (s) => s.webhooks.length > 0);
    const [webhook] = webhooks;
    assert.equal(webhook?.clientKey, installed[0], 'ACE verified its JWT for this install');
    assert.ok(webhook?.identifier);
    assert.equal(webhook?.body.webhookEvent, 'user_updated');
    assert.equal(webhook?.body.user.accountId, demoIds.mia);
    assert.equal(webhook?.body.user.accountType, 'atlassian');
    assert.equal('emailAddress' in (webhook?.body.user ?? {}), false);
  });

  it('receives and verifies jira:issue_updated for an assignment: accountIds, public fields only', async () => {
    const assigned = await fetch(`${veil.url}/rest/api/3/issue/ACME-3/assignee`, {
      method: 'PUT',
      headers: { ...basicAuth('mia@acme.test', 'demo-token-mia'), 'content-type': 'application/json' },
      body: JSON.stringify({ accountId: demoIds.liam }),
    });
    assert.equal(assigned.status, 204, await assigned.text());
    const isIssueUpdate = (w: AppState['webhooks'][number]) => w.body.webhookEvent === 'jira:issue_updated';
    const { webhooks, installed } = await waitFor('the issue webhook', state, (s) =>
      s.webhooks.some(isIssueUpdate),
    );
    const webhook = webhooks.find(isIssueUpdate);
    assert.equal(webhook?.clientKey, installed[0], 'ACE verified its JWT for this install');
    const body = webhook?.body as unknown as IssueUpdated;
    assert.equal(body.user.accountId, demoIds.mia);
    assert.equal(body.issue.key, 'ACME-3');
    assert.equal(body.issue.fields.assignee.accountId, demoIds.liam);
    const item = body.changelog.items.find((i) => i.field === 'assignee');
    assert.equal(item?.to, demoIds.liam);
    assert.equal(item?.toString, body.issue.fields.assignee.displayName);
    const people = [
      body.user,
      body.issue.fields.assignee,
      body.issue.fields.reporter,
      body.issue.fields.creator,
    ];
    for (const person of people) {
      assert.ok(person.accountId, 'each person by accountId');
      for (const hidden of ['emailAddress', 'timeZone', 'locale', 'name', 'key'])
        assert.equal(hidden in person, false, `${hidden} of ${person.accountId}`);
    }
  });

  it('acts for a person with asUserByAccountId, and is told clearly that an app user cannot be', async () => {
    const answer = (await probe(`/probe/myself-as?accountId=${demoIds.noah}`)) as {
      status: number;
      body: Record<string, unknown>;
    };
    assert.equal(answer.status, 200, JSON.stringify(answer));
    assert.equal(answer.body.accountId, demoIds.noah);
    assert.equal('emailAddress' in answer.body, false, 'acting for Noah, the app still sees what it sees');
    const refused = (await probe(`/probe/myself-as?accountId=${demoIds.app}`)) as {
      error: { error: string; error_description: string };
    };
    assert.equal(refused.error.error, 'invalid_grant');
    assert.match(refused.error.error_description, /app users cannot be impersonated/);
  });

  it('uninstalls itself when it shuts down', async () => {
    assert.equal(appExited, false, output);
    const exited = once(app, 'exit');
    app.kill('SIGTERM');
    await exited;
    const apps = async () =>
      (await (
        await fetch(`${veil.url}/veil/v1/sites/acme/apps`, { headers: basicAuth(olivia.email, olivia.token) })
      ).json()) as unknown[];
    // ACE deregisters on SIGTERM before it exits: the uninstall is done by then.
    assert.deepEqual(await apps(), []);
  });
});
