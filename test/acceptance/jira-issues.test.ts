import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/**
 * jira.js, unmodified, drives an issue through its life against a real `veil start` over real HTTP —
 * create, assign, watch, comment with a mention, transition — and finds it again with JQL. The client
 * checks every response against its own schemas (`onSchemaMismatch: 'throw'`).
 */
describe('jira.js drives issues on veil start', () => {
  let veil: VeilProcess;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
  });
  after(() => veil.stop());

  const jiraAs = (email: string, apiToken: string) =>
    createCloudClient({
      host: veil.url,
      auth: { type: 'basic', email, apiToken },
      onSchemaMismatch: 'throw',
    });

  it('creates, assigns, watches, comments, transitions, then finds the issue by assignee and watcher', async () => {
    const mia = jiraAs('mia@acme.test', 'demo-token-mia');
    const created = await mia.issues.createIssue({
      fields: {
        project: { key: 'ACME' },
        issuetype: { name: 'Task' },
        summary: 'Made by jira.js',
      },
    });
    assert.match(created.key ?? '', /^ACME-\d+$/);
    const key = created.key as string;
    await mia.issues.assignIssue({ issueIdOrKey: key, accountId: demoIds.mia });
    await mia.issueWatchers.addWatcher({ issueIdOrKey: key, body: demoIds.noah as never });
    const comment = await mia.issueComments.addComment({
      issueIdOrKey: key,
      body: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Over to ' },
              { type: 'mention', attrs: { id: demoIds.noah } },
            ],
          },
        ],
      },
    });
    assert.equal(comment.author?.accountId, demoIds.mia);
    const { transitions } = await mia.issues.getTransitions({ issueIdOrKey: key });
    const done = transitions?.find((t) => t.to?.name === 'Done');
    assert.ok(done?.id);
    await mia.issues.doTransition({ issueIdOrKey: key, transition: { id: done.id } });

    const mine = await mia.issueSearch.searchAndReconsileIssuesUsingJql({
      jql: `assignee = currentUser() AND status = Done ORDER BY created DESC`,
      fields: ['summary', 'assignee', 'status'],
    });
    assert.ok(mine.issues?.some((i) => i.key === key && i.fields?.assignee?.accountId === demoIds.mia));
    const watched = await mia.issueSearch.searchAndReconsileIssuesUsingJqlPost({
      jql: `watcher = ${demoIds.noah} AND text ~ "jira.js"`,
      fields: ['summary'],
    });
    assert.deepEqual(
      watched.issues?.map((i) => i.key),
      [key],
    );
    const issue = await mia.issues.getIssue({ issueIdOrKey: key });
    assert.equal(issue.fields?.status?.name, 'Done');
  });
});
