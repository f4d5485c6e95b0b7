import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import { rateLimitDefaults } from '../../src/config/config.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import {
  buildDescriptor,
  installTestApp,
  type ListeningVeil,
  signAppRequest,
  startListeningVeil,
  startTestApp,
  type TestApp,
} from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { openRawConnection, within } from '../support/raw-http.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const demo = (await readScenarioFile(demoScenarioPath)).scenario;
const appKey = 'com.example.test-app';

/** The demo, with a low request budget on globex and for the test app (installed on acme). */
function limitedScenario(appBaseUrl: string): Scenario {
  return {
    ...demo,
    sites: (demo.sites ?? []).map((site) =>
      site.id === 'globex' ? { ...site, rateLimits: { requests: 3, windowSeconds: 60 } } : site,
    ),
    apps: [
      {
        descriptor: buildDescriptor(appBaseUrl, appKey),
        installOn: ['globex'],
        rateLimits: { requests: 2, windowSeconds: 60 },
      },
    ],
  };
}

const shortTimeouts = {
  headersMs: 500,
  requestMs: 1000,
  keepAliveMs: 300,
  idleSocketMs: 10_000,
  checkIntervalMs: 100,
};
const strictFailures = {
  ...rateLimitDefaults,
  jql: { max: 5, windowMs: 60_000 },
  authFailuresPerAddress: { max: 6, windowMs: 60_000 },
  authFailuresPerAccount: { max: 3, windowMs: 60_000 },
};

function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
}

/** `assignee = u0 | assignee = u1 | …`: a query of `terms` user clauses. */
function userTerms(terms: number): string {
  return Array.from({ length: terms }, (_, i) => `assignee=u${i}`).join('|');
}

function assertRefusedForRate(
  response: { statusCode: number; headers: Record<string, unknown> },
  reason: string,
) {
  assert.equal(response.statusCode, 429);
  assert.match(String(response.headers['retry-after']), /^[1-9]\d*$/);
  assert.match(String(response.headers['x-ratelimit-reset']), /^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
  assert.equal(response.headers['x-ratelimit-remaining'], '0');
  assert.equal(response.headers['ratelimit-reason'], reason);
}

for (const backend of testBackends()) {
  describe(`nothing a client sends stalls Veil, on ${backend.name}`, () => {
    const holder = { url: '', clock: new ManualClock(new Date('2026-11-22T12:00:00Z')) };
    let veil: ListeningVeil;
    let testApp: TestApp;
    before(async () => {
      testApp = await startTestApp({ veil: holder });
      veil = await startListeningVeil(backend, {
        scenario: limitedScenario(testApp.baseUrl),
        config: { timeouts: shortTimeouts, rateLimits: strictFailures },
      });
      holder.url = veil.url;
      holder.clock = veil.clock;
      await installTestApp(veil, testApp);
    });
    after(async () => {
      await testApp.close();
      await veil.close();
    });

    /** A request from another source address (the failure lock-out counts per address). */
    const fromAddress = (
      remoteAddress: string,
      options: { method?: 'GET' | 'POST'; url: string; payload?: object; headers?: Record<string, string> },
    ) => veil.app.inject({ remoteAddress, ...options });

    it('refuses a 13,000-term query with the bound it is over, on /jql/pdcleaner and /jql/parse', async () => {
      const huge = userTerms(13_000);
      const converted = await veil.request({
        method: 'POST',
        url: '/rest/api/3/jql/pdcleaner',
        as: demoPerson('mia'),
        body: { queryStrings: ['assignee = mia', huge] },
      });
      assert.equal(converted.statusCode, 400, converted.body);
      const body = converted.json();
      assert.match(body.errorMessages[0], /longer than 20000 characters.*maxJqlCharacters/);
      assert.match(body.errors['queryStrings[1]'], /maxJqlCharacters/);
      const parsed = await veil.request({
        method: 'POST',
        url: '/rest/api/3/jql/parse',
        as: demoPerson('mia'),
        body: { queries: [huge] },
      });
      assert.equal(parsed.statusCode, 400, parsed.body);
      assert.match(parsed.json().errors['queries[0]'], /maxJqlCharacters/);
    });

    it('refuses a short query of more than 1,000 clauses, and converts one of 1,000', async () => {
      const clauses = (count: number) => Array.from({ length: count }, () => 'assignee=nobody').join('|');
      const over = await veil.request({
        method: 'POST',
        url: '/rest/api/3/jql/pdcleaner',
        as: demoPerson('mia'),
        body: { queryStrings: [clauses(1001)] },
      });
      assert.equal(over.statusCode, 400, over.body);
      assert.match(over.json().errorMessages[0], /more than 1000 clauses.*maxJqlClauses/);
      const within = await veil.request({
        method: 'POST',
        url: '/rest/api/3/jql/pdcleaner',
        as: demoPerson('mia'),
        body: { queryStrings: [clauses(1000)] },
      });
      assert.equal(within.statusCode, 200, within.body);
      const [converted] = within.json().queriesWithUnknownUsers as { convertedQuery: string }[];
      assert.equal(
        converted?.convertedQuery,
        Array.from({ length: 1000 }, () => 'assignee=unknown').join('|'),
      );
    });

    it('limits each caller to its JQL budget, refused before the body is read', async () => {
      const convert = () =>
        veil.request({
          method: 'POST',
          url: '/rest/api/3/jql/pdcleaner',
          as: demoPerson('ava'),
          body: { queryStrings: ['assignee = mia'] },
        });
      for (let call = 0; call < 5; call++) assert.equal((await convert()).statusCode, 200);
      const refused = await convert();
      assertRefusedForRate(refused, 'jira-cost-based');
      assert.equal(refused.headers['x-ratelimit-limit'], '5');
      assert.match(refused.json().errorMessages[0], /Too many JQL requests/);
      const other = await veil.request({ url: '/rest/api/3/myself', as: demoPerson('ava') });
      assert.equal(other.statusCode, 200, 'the other routes are not in the JQL budget');
    });

    it('cuts off a body that trickles in, with 408, long before it is complete', async () => {
      const connection = await openRawConnection(veil.url);
      const body = JSON.stringify({ email: 'pat@veil.test', apiToken: 'x'.repeat(150) });
      connection.socket.write(
        `POST /veil/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      );
      const sent = await connection.trickle(body, 100);
      const answer = await within(connection.closed, 15_000, 'closing the slow body');
      assert.ok(sent < body.length, `the body was cut off after ${sent} of ${body.length} bytes`);
      // Node answers 408 and closes; when the client is still writing, the close may arrive as a reset first.
      if (answer !== '') assert.match(answer, /^HTTP\/1\.1 408/);
    });

    it('cuts off headers that trickle in, with 408', async () => {
      const connection = await openRawConnection(veil.url);
      connection.socket.write('GET /veil/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      const header = 'a'.repeat(300);
      const sent = await connection.trickle(header, 50);
      const answer = await within(connection.closed, 15_000, 'closing the slow headers');
      assert.ok(sent < header.length, `the headers were cut off after ${sent} of ${header.length} bytes`);
      assert.match(answer, /^HTTP\/1\.1 408/);
    });

    it('closes a keep-alive connection left idle after its answer', async () => {
      const connection = await openRawConnection(veil.url);
      connection.socket.write(
        'GET /veil/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
      );
      const answer = await within(connection.closed, 15_000, 'closing the idle connection');
      assert.match(answer, /^HTTP\/1\.1 200/);
      assert.match(answer, /"status":"ok"/);
      assert.equal(connection.socket.destroyed, true);
    });

    it("limits each caller on a site to the site's budget, with the tracker's headers and error bodies", async () => {
      const asSofia = (url: string) =>
        veil.request({ url, as: demoPerson('sofia'), headers: { host: 'globex.localhost' } });
      for (const remaining of ['2', '1', '0']) {
        const response = await asSofia('/rest/api/3/myself');
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['x-ratelimit-limit'], '3');
        assert.equal(response.headers['x-ratelimit-remaining'], remaining);
      }
      const refused = await asSofia('/rest/api/3/myself');
      assertRefusedForRate(refused, 'jira-burst-based');
      assert.deepEqual(Object.keys(refused.json()).sort(), ['errorMessages', 'errors']);
      assert.match(refused.json().errorMessages[0], /Too many requests/);
      const management = await asSofia('/veil/v1/me');
      assertRefusedForRate(management, 'jira-burst-based');
      assert.equal(management.json().code, 'rate_limit.exceeded');
      const mia = await veil.request({
        url: '/rest/api/3/myself',
        as: demoPerson('mia'),
        headers: { host: 'globex.localhost' },
      });
      assert.equal(mia.statusCode, 200, 'another caller has a budget of its own');
      const onAcme = await veil.request({ url: '/rest/api/3/myself', as: demoPerson('sofia') });
      assert.equal(onAcme.statusCode, 200, 'and so has Sofia on another site');
      assert.equal(onAcme.headers['x-ratelimit-limit'], String(rateLimitDefaults.requests.max));
    });

    it('limits an app to its own budget from the scenario, on every site it is installed on', async () => {
      const url = `/rest/api/3/user?accountId=${demoIds.mia}`;
      const asApp = () =>
        veil.request({
          url,
          headers: { authorization: `JWT ${signAppRequest(testApp.credentials(), veil, 'GET', url)}` },
        });
      for (const remaining of ['1', '0']) {
        const response = await asApp();
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['x-ratelimit-limit'], '2');
        assert.equal(response.headers['x-ratelimit-remaining'], remaining);
      }
      const refused = await asApp();
      assertRefusedForRate(refused, 'jira-burst-based');
      assert.ok(Array.isArray(refused.json().errorMessages));
    });

    it('locks an account out of sign-in after 3 failures, whatever the address, right token included', async () => {
      const signIn = (address: string, email: string, apiToken: string) =>
        fromAddress(address, { method: 'POST', url: '/veil/v1/sessions', payload: { email, apiToken } });
      for (let attempt = 0; attempt < 3; attempt++) {
        assert.equal((await signIn('10.0.0.1', 'pat@veil.test', `wrong-token-${attempt}`)).statusCode, 401);
      }
      const locked = await signIn('10.0.0.1', 'pat@veil.test', 'demo-token-pat');
      assertRefusedForRate(locked, 'veil-auth-failures');
      assert.equal(locked.json().code, 'auth.too_many_failures');
      assert.equal((await signIn('10.0.0.2', 'PAT@veil.test ', 'demo-token-pat')).statusCode, 429);
      assert.equal((await signIn('10.0.0.1', 'ava@acme.test', 'demo-token-ava')).statusCode, 201);
    });

    it('locks an address out after 6 failures, whichever accounts it tried', async () => {
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await fromAddress('10.0.0.3', {
          method: 'POST',
          url: '/veil/v1/sessions',
          payload: { email: `nobody${attempt}@example.test`, apiToken: 'guessed-token' },
        });
        assert.equal(response.statusCode, 401);
      }
      const liam = {
        method: 'POST' as const,
        url: '/veil/v1/sessions',
        payload: { email: 'liam@acme.test', apiToken: 'demo-token-liam' },
      };
      assertRefusedForRate(await fromAddress('10.0.0.3', liam), 'veil-auth-failures');
      assert.equal((await fromAddress('10.0.0.4', liam)).statusCode, 201);
    });

    it('locks out Basic and JWT guessing, in the error format of the API of the path', async () => {
      const myself = (address: string, authorization: string) =>
        fromAddress(address, { url: '/rest/api/3/myself', headers: { authorization } });
      for (let attempt = 0; attempt < 3; attempt++) {
        assert.equal(
          (await myself('10.0.0.5', basic('noah@example.com', `guess-${attempt}`))).statusCode,
          401,
        );
      }
      const locked = await myself('10.0.0.5', basic('noah@example.com', 'demo-token-noah'));
      assertRefusedForRate(locked, 'veil-auth-failures');
      assert.match(locked.json().errorMessages[0], /Too many failed sign-ins/);
      // A refused bearer token is a mistake (they are 256 random bits), not counted.
      for (let attempt = 0; attempt < 8; attempt++) {
        assert.equal((await myself('10.0.0.6', 'Bearer not-a-token')).statusCode, 401);
      }
      for (let attempt = 0; attempt < 6; attempt++) {
        assert.equal((await myself('10.0.0.6', 'JWT not.a.jwt')).statusCode, 401);
      }
      assertRefusedForRate(
        await myself('10.0.0.6', basic('ethan@acme.test', 'demo-token-ethan')),
        'veil-auth-failures',
      );
    });
  });
}

describe('rate limits in scenario files', () => {
  it('needs the key of an app whose descriptor comes from a URL', () => {
    const scenario = {
      sites: [{ id: 'acme', baseUrl: 'http://acme.localhost' }],
      apps: [
        { descriptorUrl: 'http://localhost:9/d.json', installOn: ['acme'], rateLimits: { requests: 1 } },
      ],
    };
    assert.deepEqual(findScenarioProblems(scenario), [
      {
        path: '$.apps[0].rateLimits',
        message: 'needs the app key: give appKey (the descriptor comes from a URL)',
      },
    ]);
    assert.deepEqual(
      findScenarioProblems({ ...scenario, apps: [{ ...scenario.apps[0], appKey: 'com.x' }] }),
      [],
    );
  });

  it('refuses a budget that is not a whole number of requests in 1 s to a day', () => {
    const site = { id: 'acme', baseUrl: 'http://acme.localhost' };
    const problems = findScenarioProblems({
      sites: [{ ...site, rateLimits: { requests: -1, windowSeconds: 0 } }],
    });
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      '$.sites[0].rateLimits.requests',
      '$.sites[0].rateLimits.windowSeconds',
    ]);
  });
});
