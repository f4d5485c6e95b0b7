import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { callerForAccount } from '../support/callers.ts';
import {
  demoIssueKeys,
  fieldValues,
  findLeaks,
  issueRepresentationsOf,
  valuesVisibleTo,
} from '../support/privacy.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];
const people: PersonName[] = ['pat', 'mia', 'noah', 'ava', 'liam', 'olivia', 'sofia'];
// The project key is the site's word, not anyone's organization.
const siteWords = new Set(['acme']);

for (const backend of testBackends()) {
  describe(`privacy of issues on ${backend.name}`, () => {
    let veil: TestVeil;
    let accounts: Account[];
    const viewers: { label: string; as: { email: string; token: string }; viewer: Viewer }[] = [];
    before(async () => {
      veil = await startTestVeil(backend);
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      for (const name of people) {
        const account = accounts.find((a) => a.accountId === demoIds[name]);
        assert.ok(account);
        viewers.push({
          label: name,
          as: demoPerson(name),
          viewer: (await callerForAccount(veil.store.db, account)).viewer,
        });
      }
    });
    after(() => veil.close());

    it('shows no viewer a hidden field of anyone in any issue representation', async () => {
      let checked = 0;
      for (const { label, as, viewer } of viewers) {
        const visible = valuesVisibleTo(accounts, viewer);
        const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
          (value) => !visible.has(value) && !siteWords.has(value),
        );
        for (const key of demoIssueKeys) {
          for (const request of issueRepresentationsOf(key)) {
            const response = await veil.request({ ...request, as });
            if (response.statusCode >= 400) continue;
            assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `${label} in ${request.url}`);
            checked++;
          }
        }
      }
      assert.ok(checked > 300, `only ${checked} responses were checked`);
    });

    it('renders the hidden email left out, the deactivated inactive, and names in strings as the viewer sees them', async () => {
      const issue = (
        await veil.request({ url: '/rest/api/3/issue/ACME-2?expand=changelog', as: demoPerson('noah') })
      ).json();
      assert.equal(issue.fields.reporter.accountId, demoIds.ethan);
      assert.equal(issue.fields.reporter.active, false);
      assert.equal(issue.fields.assignee.emailAddress, undefined, 'Liam hides his email');
      const item = issue.changelog.histories[0].items[0];
      assert.equal(item.to, demoIds.liam);
      assert.equal(item.toString, issue.fields.assignee.displayName);
      assert.doesNotMatch(JSON.stringify(issue), /Liam Okafor/);
    });

    it('erases a person: reporter, author and changelog keep the accountId as "Former user"; watches and votes go', async () => {
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.noah}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.noah },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({
        url: `/veil/v1/accounts/${demoIds.noah}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(proof.json().scan.matches, [], 'the whole-database scan finds none of his values');
      assert.equal(proof.json().clean, true);
      const db = veil.store.db;
      const watches = await db
        .selectFrom('issue_watchers')
        .select('issue_id')
        .where('account_id', '=', demoIds.noah)
        .execute();
      const votes = await db
        .selectFrom('issue_votes')
        .select('issue_id')
        .where('account_id', '=', demoIds.noah)
        .execute();
      assert.deepEqual([watches.length, votes.length], [0, 0], 'his watches and votes went');
      const issue = (
        await veil.request({
          url: '/rest/api/3/issue/ACME-12?expand=changelog,renderedFields',
          as: demoPerson('mia'),
        })
      ).json();
      assert.equal(issue.fields.reporter.accountId, demoIds.noah);
      assert.equal(issue.fields.reporter.displayName, 'Former user');
      const changelog = (
        await veil.request({ url: '/rest/api/3/issue/ACME-1/changelog', as: demoPerson('mia') })
      ).json();
      const assignee = changelog.values[0].items.find((i: { field: string }) => i.field === 'assignee');
      assert.equal(assignee.toString, 'Former user');
      const comments = (
        await veil.request({ url: '/rest/api/3/issue/ACME-1/comment', as: demoPerson('mia') })
      ).json();
      assert.equal(comments.comments[0].author.displayName, 'Former user');
      const mention = (await veil.request({ url: '/rest/api/3/issue/ACME-7', as: demoPerson('mia') })).json();
      assert.match(JSON.stringify(mention.fields.description), /@Former user/);
      assert.doesNotMatch(JSON.stringify([issue, changelog, comments, mention]), /Noah|Brenner|noah@example/);
    });
  });
}
