/**
 * Limits and uniqueness rules hold under concurrency: 20 requests at each at once, and exactly the
 * allowed number succeed, the others get the documented 4xx, none a 500. On PostgreSQL the requests
 * really run side by side (the store is a pool of 10 connections); PGlite takes them one at a time and
 * must give the same answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { maxApiTokensPerAccount } from '../../src/credentials/credentials.service.ts';
import { maxWebhooksPerInstall } from '../../src/webhooks/webhook-registration.service.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson, type TestRequest } from '../support/test-veil.ts';

const pat = demoPerson('pat'); // platform admin
const olivia = demoPerson('olivia'); // admin of the acme site
const noah = demoPerson('noah');
const parallel = 20;

/** The statuses of the answers, counted: `{ 201: 1, 409: 19 }`. */
function tally(responses: readonly LightMyRequestResponse[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const response of responses) counts[response.statusCode] = (counts[response.statusCode] ?? 0) + 1;
  return counts;
}

function codesOf(responses: readonly LightMyRequestResponse[]): Set<string> {
  return new Set(responses.filter((r) => r.statusCode >= 400).map((r) => String(r.json().code)));
}

for (const backend of testBackends()) {
  describe(`limits and uniqueness under ${parallel} parallel requests on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    // Started only: its test installs it, many times at once.
    let racer: TestApp;
    before(async () => {
      ({ veil, app, racer } = await startConnectTestbed(backend, {
        app: { scopes: ['READ', 'WRITE'] },
        racer: { key: 'com.example.racer', install: false },
      }));
    });
    after(() => veil.close());

    const fire = (request: (index: number) => TestRequest) =>
      Promise.all(Array.from({ length: parallel }, (_, index) => veil.request(request(index))));

    it('keeps webhooks per app within the limit', async () => {
      const url = '/rest/api/3/webhook';
      const register = (count: number) => {
        const body = {
          url: `${app.baseUrl}/webhooks/dynamic`,
          webhooks: Array.from({ length: count }, () => ({ events: ['user_created'] })),
        };
        const token = signAppRequest(app.credentials(), veil, 'POST', url);
        return { method: 'POST', url, body, headers: { authorization: `JWT ${token}` } } as const;
      };
      const room = 5;
      const filled = await veil.request(register(maxWebhooksPerInstall - room));
      assert.equal(filled.statusCode, 200, filled.body);
      const responses = await fire(() => register(1));
      assert.deepEqual(tally(responses), { 200: parallel });
      const results = responses.map((r) => r.json().webhookRegistrationResult[0]);
      assert.equal(results.filter((result) => 'createdWebhookId' in result).length, room);
      for (const refused of results.filter((result) => 'errors' in result)) {
        assert.match(refused.errors[0], /at most 100 webhooks/);
      }
      const token = signAppRequest(app.credentials(), veil, 'GET', url);
      const listed = await veil.request({ url, headers: { authorization: `JWT ${token}` } });
      assert.equal(listed.json().total, maxWebhooksPerInstall);
    });

    it('accepts one report of an account per cycle', async () => {
      const url = '/rest/atlassian-connect/latest/report-accounts';
      const body = { accounts: [{ accountId: demoIds.liam, updatedAt: veil.clock.now().toISOString() }] };
      const responses = await fire(() => {
        const token = signAppRequest(app.credentials(), veil, 'POST', url);
        return { method: 'POST', url, body, headers: { authorization: `JWT ${token}` } };
      });
      const accepted = responses.filter((r) => r.statusCode === 200 || r.statusCode === 204);
      assert.equal(accepted.length, 1, JSON.stringify(tally(responses)));
      const refused = responses.filter((r) => r.statusCode === 429);
      assert.equal(refused.length, parallel - 1, JSON.stringify(tally(responses)));
      for (const response of refused) assert.ok(Number(response.headers['retry-after']) > 0);
    });

    it('keeps API tokens per person within the limit', async () => {
      const listed = await veil.request({ url: '/veil/v1/me/tokens', as: noah });
      const room = 10;
      for (let held = listed.json().length; held < maxApiTokensPerAccount - room; held += 1) {
        const made = await veil.request({
          method: 'POST',
          url: '/veil/v1/me/tokens',
          as: noah,
          body: { label: 'fill' },
        });
        assert.equal(made.statusCode, 201, made.body);
      }
      const responses = await fire((index) => ({
        method: 'POST',
        url: '/veil/v1/me/tokens',
        as: noah,
        body: { label: `parallel ${index}` },
      }));
      assert.deepEqual(tally(responses), { 201: room, 409: parallel - room });
      assert.deepEqual(codesOf(responses), new Set(['token.limit_reached']));
      const after = await veil.request({ url: '/veil/v1/me/tokens', as: noah });
      assert.equal(after.json().length, maxApiTokensPerAccount);
    });

    it('creates one account for one email, whoever asks at once', async () => {
      const responses = await fire(() => ({
        method: 'POST',
        url: '/veil/v1/accounts',
        as: pat,
        body: { type: 'atlassian', email: 'twin@parallel.test', fullName: 'Twin' },
      }));
      assert.deepEqual(tally(responses), { 201: 1, 409: parallel - 1 });
      assert.deepEqual(codesOf(responses), new Set(['account.email_taken']));
    });

    it('links one account when the tracker creates a user with one email at once', async () => {
      const responses = await fire(() => ({
        method: 'POST',
        url: '/rest/api/3/user',
        as: olivia,
        body: { emailAddress: 'rush@parallel.test', products: ['jira-software'] },
      }));
      assert.deepEqual(tally(responses), { 201: parallel });
      assert.equal(new Set(responses.map((r) => r.json().accountId)).size, 1);
    });

    it('gives a domain to one organization when two verify it at once', async () => {
      const responses = await fire((index) => ({
        method: 'PUT',
        url: `/veil/v1/organizations/${index % 2 === 0 ? 'acme' : 'globex'}/domains/contested.test`,
        as: pat,
      }));
      assert.deepEqual(tally(responses), { 200: parallel / 2, 409: parallel / 2 });
      assert.deepEqual(codesOf(responses), new Set(['organization.domain_taken']));
      const winners = new Set(
        responses.filter((r) => r.statusCode === 200).map((r) => r.json().id as string),
      );
      assert.equal(winners.size, 1);
      for (const response of responses.filter((r) => r.statusCode === 200)) {
        assert.ok(response.json().verifiedDomains.includes('contested.test'));
      }
    });

    it('installs an app once when it is installed at once, sending one secret', async () => {
      const descriptor = await (await fetch(racer.descriptorUrl)).json();
      const responses = await fire(() => ({
        method: 'POST',
        url: '/veil/v1/sites/acme/apps',
        as: olivia,
        body: { descriptor },
      }));
      const installed = responses.filter((r) => r.statusCode === 201 || r.statusCode === 200);
      assert.equal(tally(responses)[201], 1, JSON.stringify(tally(responses)));
      const refused = responses.filter((r) => r.statusCode === 409);
      assert.equal(installed.length + refused.length, parallel, JSON.stringify(tally(responses)));
      if (refused.length > 0) assert.deepEqual(codesOf(refused), new Set(['connect.install_in_progress']));
      // Every secret the app was sent is one Veil kept: the app's newest one signs its requests.
      const secretsSent = racer.received.filter((c) => c.path === '/installed');
      assert.equal(secretsSent.length, installed.length);
      const url = `/rest/api/3/user?accountId=${demoIds.mia}`;
      const token = signAppRequest(racer.credentials(), veil, 'GET', url, { iss: 'com.example.racer' });
      const read = await veil.request({ url, headers: { authorization: `JWT ${token}` } });
      assert.equal(read.statusCode, 200, read.body);
      const apps = await veil.request({ url: '/veil/v1/sites/acme/apps', as: olivia });
      const racers = apps.json().filter((each: { appKey: string }) => each.appKey === 'com.example.racer');
      assert.equal(racers.length, 1);
    });
  });
}
