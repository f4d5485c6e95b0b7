import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { type ListeningVeil, startListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const appId = 'ari:cloud:ecosystem::app/0b7c9d2e-1f3a-4b5c-8d6e-7f8091a2b3c4';

interface Received {
  readonly path: string;
  readonly authorization: string;
  readonly body: { eventType: string; appId?: string; issueKey?: string };
}

/** A Forge-style remote: a real HTTP server that keeps what it was sent. */
async function startRemote(): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer(async (request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    received.push({ path: request.url ?? '', authorization: request.headers.authorization ?? '', body });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, server };
}

function manifest(remoteUrl: string, scopes: readonly string[]) {
  return {
    app: { id: appId, name: 'Remote helper' },
    permissions: { scopes },
    remotes: [{ key: 'helper', baseUrl: remoteUrl }],
    modules: {
      trigger: [
        {
          key: 'issues',
          events: ['avi:jira:created:issue'],
          endpoint: { remote: 'helper', path: '/issues' },
        },
        {
          key: 'lifecycle',
          events: ['avi:forge:installed:app', 'avi:forge:upgraded:app'],
          endpoint: { remote: 'helper', path: '/lifecycle' },
        },
      ],
    },
  };
}

for (const backend of testBackends()) {
  describe(`Forge events to a remote, with a FIT verified against Veil's JWKS, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let remote: Awaited<ReturnType<typeof startRemote>>;
    before(async () => {
      veil = await startListeningVeil(backend);
      remote = await startRemote();
    });
    after(async () => {
      remote.server.close();
      await veil.close();
    });

    const verify = (token: string, audience: string) =>
      jwtVerify(token, createRemoteJWKSet(new URL(`${veil.url}/veil/v1/forge/jwks.json`)), {
        issuer: 'forge/invocation-token',
        audience,
        algorithms: ['RS256'],
        currentDate: veil.clock.now(),
      });

    it('sends the installed event with a FIT whose signature, issuer and audience hold', async () => {
      const installed = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/forge-apps',
        as: demoPerson('olivia'),
        body: { manifest: manifest(remote.url, ['read:jira-user']) },
      });
      assert.equal(installed.statusCode, 201, installed.body);
      await veil.app.jobs.runDue();
      assert.equal(remote.received.length, 1);
      const [event] = remote.received;
      assert.equal(event?.path, '/lifecycle');
      assert.equal(event?.body.eventType, 'avi:forge:installed:app');
      const token = event?.authorization.replace(/^Bearer /, '') ?? '';
      const { payload, protectedHeader } = await verify(token, appId);
      assert.match(protectedHeader.kid ?? '', /^forge\/invocation-token\//);
      const claims = payload as JWTPayload & {
        app: { installationId: string; apiBaseUrl: string };
        context: { cloudId: string; siteUrl: string };
      };
      assert.equal(
        claims.app.installationId,
        (installed.json() as { installationId: string }).installationId,
      );
      assert.match(claims.app.apiBaseUrl, new RegExp(`/ex/jira/${claims.context.cloudId}$`));
      assert.ok((claims.exp ?? 0) - (claims.iat ?? 0) <= 60, 'short-lived');
      assert.equal(claims.principal, undefined, 'no person caused a lifecycle event');
      await assert.rejects(verify(token, 'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000'));
    });

    it('tells the remote of an upgrade only once it is in force, then of an issue created', async () => {
      remote.received.length = 0;
      const grown = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/forge-apps',
        as: demoPerson('olivia'),
        body: { manifest: manifest(remote.url, ['read:jira-user', 'read:email-address:jira']) },
      });
      assert.equal((grown.json() as { outcome: string }).outcome, 'pending');
      await veil.app.jobs.runDue();
      assert.equal(remote.received.length, 0, 'a pending upgrade is not in force');
      const { installationId } = grown.json() as { installationId: string };
      const consented = await veil.request({
        method: 'POST',
        url: `/veil/v1/sites/acme/forge-apps/${installationId}/consent`,
        as: demoPerson('olivia'),
      });
      assert.equal(consented.statusCode, 200, consented.body);
      await veil.app.jobs.runDue();
      assert.deepEqual(
        remote.received.map((r) => r.body.eventType),
        ['avi:forge:upgraded:app'],
      );
      remote.received.length = 0;
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue',
        as: demoPerson('mia'),
        body: { fields: { project: { key: 'ACME' }, issuetype: { name: 'Task' }, summary: 'For Forge' } },
      });
      assert.equal(created.statusCode, 201, created.body);
      await veil.app.jobs.runDue();
      const [issueEvent] = remote.received;
      assert.equal(issueEvent?.path, '/issues');
      assert.equal(issueEvent?.body.eventType, 'avi:jira:created:issue');
      assert.equal(issueEvent?.body.issueKey, (created.json() as { key: string }).key);
      const { payload } = await verify(issueEvent?.authorization.replace(/^Bearer /, '') ?? '', appId);
      assert.equal(payload.principal, demoIds.mia, 'the person who caused it');
      const keys = await veil.request({ url: '/veil/v1/forge/jwks.json' });
      assert.equal((keys.json() as { keys: unknown[] }).keys.length, 1, 'one key, kept in the store');
    });
  });
}
