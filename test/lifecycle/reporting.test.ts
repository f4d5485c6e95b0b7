import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AppCredentials,
  type ListeningVeil,
  signAppRequest,
  signImpersonationAssertion,
  type TestApp,
} from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const pat = demoPerson('pat');
const url = '/rest/atlassian-connect/latest/report-accounts';

for (const backend of testBackends()) {
  describe(`personal-data reporting on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let credentials: AppCredentials;
    let globexOnly: string;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(
        backend,
        { app: { scopes: ['READ', 'ACT_AS_USER'] } },
        { config: { movableClock: true } },
      ));
      credentials = app.credentials();
      // Someone the app cannot have seen: linked only to globex, where it is not installed; then deleted.
      const created = await veil.request({
        method: 'POST',
        url: '/veil/v1/accounts',
        as: pat,
        body: { type: 'atlassian', email: 'gus@elsewhere.test', fullName: 'Gus Elsewhere' },
      });
      globexOnly = created.json().accountId;
      const linked = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/globex/accounts/${globexOnly}`,
        as: pat,
        body: { products: ['jira'] },
      });
      assert.equal(linked.statusCode, 200, linked.body);
      await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${globexOnly}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: globexOnly },
      });
      await veil.app.jobs.runDue();
    });
    after(() => veil.close());

    const send = (body: unknown, token = signAppRequest(credentials, veil, 'POST', url)) =>
      veil.request({ method: 'POST', url, headers: { authorization: `JWT ${token}` }, body });
    const accounts = (ids: string[], updatedAt = veil.clock.now()) => ({
      accounts: ids.map((accountId) => ({ accountId, updatedAt: updatedAt.toISOString() })),
    });
    /** A bearer token from the JWT bearer grant (impersonation), as the app gets one. */
    const bearerTokenFor = async (accountId: string) => {
      const assertion = signImpersonationAssertion(app, veil, accountId);
      const response = await veil.request({
        method: 'POST',
        url: '/oauth2/token',
        body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().access_token as string;
    };
    const advance = (duration: string) =>
      veil.request({ method: 'POST', url: '/veil/v1/clock/advance', as: pat, body: { duration } });

    it('answers 204 when nothing needs doing, with the cycle period, for known and unknown ids alike', async () => {
      const response = await send(
        accounts([demoIds.mia, demoIds.noah, 'ffffffffffffffffffffffff', '557058:7f1e2a', globexOnly]),
      );
      assert.equal(response.statusCode, 204, response.body);
      assert.equal(response.headers['cycle-period'], 'P15D');
      assert.equal(response.body, '');
    });

    it('refuses the same accounts again within the cycle with 429 and Retry-After, remembering nothing', async () => {
      await advance('P1D');
      const again = await send(accounts([demoIds.liam, 'ffffffffffffffffffffffff']));
      assert.equal(again.statusCode, 429, again.body);
      assert.equal(again.headers['retry-after'], String(14 * 86_400), 'fourteen days are left of the cycle');
      assert.equal(again.headers['cycle-period'], 'P15D');
      assert.match(again.json().errorMessages[0], /cycle period/);
      const liam = await send(accounts([demoIds.liam]));
      assert.equal(liam.statusCode, 204, 'the refused report remembered nothing of Liam');
    });

    it('answers `updated` for a profile changed since, and `closed` for a deleted account it could see', async () => {
      await advance('P14D');
      const changed = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('noah'),
        body: { jobTitle: 'Art director' },
      });
      assert.equal(changed.statusCode, 200);
      const deleted = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.sofia}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: demoIds.sofia },
      });
      assert.equal(deleted.statusCode, 202);
      await veil.app.jobs.runDue();
      const since = new Date(veil.clock.now().getTime() - 60_000);
      const response = await send(
        accounts([demoIds.mia, demoIds.noah, demoIds.sofia, globexOnly, 'ffffffffffffffffffffffff'], since),
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['cycle-period'], 'P15D');
      assert.deepEqual(
        [...response.json().accounts].sort((a, b) => a.accountId.localeCompare(b.accountId)),
        [
          { accountId: demoIds.noah, status: 'updated' },
          { accountId: demoIds.sofia, status: 'closed' },
        ],
        'an account the app could not see is answered like one that does not exist',
      );
    });

    it('refuses more than 90 accounts and malformed ones, in the tracker error format', async () => {
      const ids = Array.from({ length: 91 }, (_, i) => `acc-${i}`);
      const tooMany = await send(accounts(ids));
      assert.equal(tooMany.statusCode, 400);
      assert.match(tooMany.json().errorMessages[0], /at most 90/);
      const exactly = await send(accounts(ids.slice(0, 90)));
      assert.equal(exactly.statusCode, 204, '90 is allowed');
      for (const body of [
        { accounts: [{ accountId: 'not valid!', updatedAt: '2026-11-22T12:00:00Z' }] },
        { accounts: [{ accountId: 'x'.repeat(129), updatedAt: '2026-11-22T12:00:00Z' }] },
        { accounts: [{ accountId: 'acc-x', updatedAt: 'yesterday' }] },
        { accounts: [{ accountId: 'acc-x' }] },
        { accounts: 'all of them' },
        {},
      ]) {
        const response = await send(body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.ok(Array.isArray(response.json().errorMessages));
      }
      const fresh = await send(accounts(['acc-x']));
      assert.equal(fresh.statusCode, 204, 'a refused report remembered nothing');
    });

    it('wants an app: a person, nobody, or a bad token are refused', async () => {
      const person = await veil.request({ method: 'POST', url, as: pat, body: accounts([demoIds.mia]) });
      assert.equal(person.statusCode, 401);
      const nobody = await veil.request({ method: 'POST', url, body: accounts([demoIds.mia]) });
      assert.equal(nobody.statusCode, 401);
      const forged = await send(
        accounts([demoIds.mia]),
        signAppRequest(credentials, veil, 'POST', url, { secret: 'x'.repeat(32) }),
      );
      assert.equal(forged.statusCode, 401);
      const bearer = await veil.request({
        method: 'POST',
        url: '/app/report-accounts',
        headers: { authorization: 'Bearer not-a-token-veil-issued' },
        body: accounts([demoIds.mia]),
      });
      assert.equal(bearer.statusCode, 401);
      const basic = await veil.request({
        method: 'POST',
        url: '/app/report-accounts',
        as: pat,
        body: accounts([]),
      });
      assert.equal(basic.statusCode, 401, 'a person is not an app');
      assert.equal(basic.json().code, 'auth.required');
    });

    it("takes the app's bearer token too, and remembers per app whichever way the report came", async () => {
      const token = await bearerTokenFor(demoIds.noah);
      const viaBearer = (ids: string[]) =>
        veil.request({
          method: 'POST',
          url: '/app/report-accounts',
          headers: { authorization: `Bearer ${token}` },
          body: accounts(ids),
        });
      const fresh = await viaBearer(['bearer-reported-1']);
      assert.equal(fresh.statusCode, 204, fresh.body);
      assert.equal(fresh.headers['cycle-period'], 'P15D');
      const closed = await viaBearer([demoIds.sofia]);
      assert.equal(closed.statusCode, 429, 'reported through the JWT a moment ago: the same app');
      assert.equal(closed.json().code, 'reporting.too_soon', "Veil's own error body on /app");
      assert.ok(Number(closed.headers['retry-after']) > 0);
      const jwt = await send(accounts(['bearer-reported-1']));
      assert.equal(jwt.statusCode, 429, 'and the other way round');
    });

    it('shows platform admins which apps are behind on their reporting', async () => {
      const fresh = await veil.request({ url: '/veil/v1/reporting/apps', as: pat });
      assert.equal(fresh.statusCode, 200, fresh.body);
      const [entry] = fresh.json().apps;
      assert.equal(entry.appKey, 'com.example.test-app');
      assert.equal(entry.overdue, false);
      assert.ok(entry.reports >= 4);
      assert.equal((await advance('P16D')).statusCode, 200);
      const later = (await veil.request({ url: '/veil/v1/reporting/apps', as: pat })).json();
      assert.equal(later.cyclePeriod, 'P15D');
      assert.equal(later.apps[0].overdue, true);
      assert.equal(
        (await veil.request({ url: '/veil/v1/reporting/apps', as: demoPerson('olivia') })).statusCode,
        403,
      );
    });
  });
}
