/**
 * What the Connect tests share: a Veil that really listens (apps fetch its install keys over HTTP), and
 * a tiny Connect app on node:http that verifies every signed lifecycle callback the way
 * atlassian-connect-express does, with the key Veil publishes and Veil's own `verifyJwt`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import atlassianJwt from 'atlassian-jwt';
import { decodeJwtUnverified, type JwtClaims, listAudiences, verifyJwt } from '../../src/apps/jwt.ts';
import { computeQsh, parseRawUrl } from '../../src/apps/qsh.ts';
import type { Clock } from '../../src/clock/clock.ts';
import type { Config } from '../../src/config/config.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import type { TestBackend } from '../support/backends.ts';
import { startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

export interface ListeningVeil extends TestVeil {
  readonly url: string;
}

/**
 * `startTestVeil` (the demo scenario, or `scenario`), listening on a free port, and with short callback
 * timeouts.
 */
export async function startListeningVeil(
  backend: TestBackend,
  options: { scenario?: Scenario; config?: Partial<Config> } = {},
): Promise<ListeningVeil> {
  const config = { connectTimeoutMs: 2000, ...options.config };
  const veil = await startTestVeil(backend, options.scenario ?? 'demo', config);
  await veil.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = veil.app.server.address() as AddressInfo;
  return { ...veil, url: `http://127.0.0.1:${port}` };
}

/** A lifecycle callback as the test app received it, with the outcome of verifying its JWT. */
export interface ReceivedCallback {
  readonly path: string;
  /** The query string as it arrived (empty when none). */
  readonly query: string;
  readonly body: Record<string, unknown>;
  /** The JWT as it came (`Authorization: JWT …`). */
  readonly token: string;
  readonly claims: JwtClaims | undefined;
  readonly alg: string | undefined;
  readonly problem: string | undefined;
  /** What the app answered (undefined: nothing). */
  readonly answered: number | undefined;
}

/** A webhook as the test app received it, verified as ACE's `authenticateWebhook` does. */
export interface ReceivedWebhook {
  /** Path and query, relative to the app's base URL. */
  readonly target: string;
  readonly body: Record<string, unknown>;
  /** The JWT as it came (`Authorization: JWT …`). */
  readonly token: string;
  readonly claims: JwtClaims | undefined;
  readonly problem: string | undefined;
  readonly identifier: string | undefined;
  readonly flow: string | undefined;
  readonly retry: string | undefined;
  readonly connectVersion: string | undefined;
  readonly answered: number | undefined;
}

export interface AppCredentials {
  readonly clientKey: string;
  readonly sharedSecret: string;
}

export interface TestApp {
  readonly baseUrl: string;
  readonly descriptorUrl: string;
  readonly received: ReceivedCallback[];
  readonly webhooks: ReceivedWebhook[];
  /** How the app answers `installed` from now on: a status, or no answer at all. */
  answerInstalledWith(answer: number | 'silence'): void;
  /** How the app answers webhooks from now on: a status (with headers), or no answer at all. */
  answerWebhooksWith(answer: number | 'silence', headers?: Record<string, string>): void;
  /** The client key and shared secret of the newest install the app accepted for a site (acme's by default). */
  credentials(siteBaseUrl?: string): AppCredentials;
  close(): Promise<void>;
}

export interface TestAppOptions {
  readonly key?: string;
  readonly scopes?: readonly string[];
  /** The Veil whose key endpoint and clock the app verifies with. */
  readonly veil: { readonly url: string; readonly clock: Clock };
  /** Served under this path (the app's base URL has it), as apps behind a proxy are. */
  readonly basePath?: string;
  /** The descriptor's `modules.webhooks` (URLs under `/webhooks`). */
  readonly webhooks?: readonly { event: string; url: string }[];
  /** `apiMigrations.gdpr` of the descriptor (true by default). */
  readonly gdpr?: boolean;
}

/** A Connect descriptor for an app at `baseUrl`. */
export function buildDescriptor(
  baseUrl: string,
  key = 'com.example.test-app',
  scopes: readonly string[] = ['READ'],
  webhooks: readonly { event: string; url: string }[] = [],
  gdpr = true,
) {
  return {
    key,
    name: 'Test App',
    description: 'An app the Connect tests install',
    baseUrl,
    authentication: { type: 'jwt' },
    lifecycle: {
      installed: '/installed',
      uninstalled: '/uninstalled',
      enabled: '/enabled',
      disabled: '/disabled',
    },
    scopes,
    apiMigrations: { gdpr, 'signed-install': true },
    modules: webhooks.length > 0 ? { webhooks } : {},
  };
}

/** Starts the test app on a free port. */
export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const received: ReceivedCallback[] = [];
  const webhooks: ReceivedWebhook[] = [];
  let installedAnswer: number | 'silence' = 204;
  let webhookAnswer: { status: number | 'silence'; headers: Record<string, string> } = {
    status: 204,
    headers: {},
  };
  let descriptor: ReturnType<typeof buildDescriptor> | undefined;
  const basePath = options.basePath ?? '';
  // The install the app took for a client key: the newest signed `installed` it answered with a 2xx.
  const accepted = (match: (body: Record<string, unknown>) => boolean) =>
    received
      .filter((c) => c.path === '/installed' && (c.answered ?? 0) >= 200 && (c.answered ?? 0) < 300)
      .filter((c) => match(c.body))
      .at(-1)?.body;
  const server: Server = createServer((request, response) => {
    void handle(request, response).catch(() => response.writeHead(500).end());
  });
  async function handle(request: IncomingMessage, response: ServerResponse) {
    const path = (request.url ?? '').split('?')[0]?.slice(basePath.length) ?? '';
    if (request.method === 'GET' && path === '/atlassian-connect.json') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(descriptor));
      return;
    }
    const body = JSON.parse((await readBody(request)) || '{}') as Record<string, unknown>;
    if (path.startsWith('/webhooks')) {
      const secretOf = (clientKey: unknown) =>
        accepted((taken) => taken.clientKey === clientKey)?.sharedSecret;
      const verified = await verifyWebhook(request, options.veil, baseUrl, secretOf);
      const status = verified.problem ? 401 : webhookAnswer.status;
      const target = (request.url ?? '').slice(basePath.length);
      const token = request.headers.authorization?.replace(/^JWT /, '') ?? '';
      webhooks.push({
        target,
        body,
        token,
        ...verified,
        answered: status === 'silence' ? undefined : status,
      });
      if (status !== 'silence')
        response.writeHead(status, verified.problem ? {} : webhookAnswer.headers).end();
      return;
    }
    const secret = accepted((taken) => taken.clientKey === body.clientKey)?.sharedSecret;
    const callback = await verifyCallback(request, body, options.veil, baseUrl, secret);
    const planned = path === '/installed' ? installedAnswer : 204;
    const answered = callback.problem ? 401 : planned === 'silence' ? undefined : planned;
    const query = (request.url ?? '').split('?')[1] ?? '';
    const token = request.headers.authorization?.replace(/^JWT /, '') ?? '';
    received.push({ path, query, body, token, ...callback, answered });
    if (answered !== undefined) response.writeHead(answered).end();
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}${basePath}`;
  descriptor = buildDescriptor(baseUrl, options.key, options.scopes, options.webhooks, options.gdpr);
  return {
    baseUrl,
    descriptorUrl: `${baseUrl}/atlassian-connect.json`,
    received,
    webhooks,
    answerInstalledWith: (answer) => {
      installedAnswer = answer;
    },
    answerWebhooksWith: (status, headers = {}) => {
      webhookAnswer = { status, headers };
    },
    credentials: (siteBaseUrl = 'http://127.0.0.1:8080') => {
      const body = accepted((taken) => taken.baseUrl === siteBaseUrl);
      return { clientKey: String(body?.clientKey), sharedSecret: String(body?.sharedSecret) };
    },
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/**
 * The checks of ACE's `verify-installation`: RS256 with the key Veil publishes under `kid`, `iss` the
 * client key of the body, `aud[0]` the app's base URL, `qsh` over the app-relative path, `exp`. The
 * `enabled`/`disabled` callbacks are checked with the shared secret instead.
 */
async function verifyCallback(
  request: IncomingMessage,
  body: Record<string, unknown>,
  veil: { readonly url: string; readonly clock: Clock },
  baseUrl: string,
  sharedSecret: unknown,
): Promise<Omit<ReceivedCallback, 'path' | 'query' | 'body' | 'token' | 'answered'>> {
  const token = request.headers.authorization?.replace(/^JWT /, '') ?? '';
  const decoded = decodeJwtUnverified(token);
  if (!decoded.ok) return { claims: undefined, alg: undefined, problem: 'no JWT' };
  const alg = decoded.header.alg;
  const now = veil.clock.now();
  let verified: Awaited<ReturnType<typeof verifyJwt>>;
  if (alg === 'RS256') {
    const key = await fetch(`${veil.url}/veil/v1/connect/install-keys/${decoded.header.kid}`).catch(
      () => null,
    );
    if (!key?.ok) return { claims: undefined, alg, problem: 'the install key could not be fetched' };
    verified = await verifyJwt(token, { alg: 'RS256', publicKey: await key.text(), now });
  } else {
    verified = await verifyJwt(token, { alg: 'HS256', secret: String(sharedSecret ?? 'none'), now });
  }
  if (!verified.ok) return { claims: undefined, alg, problem: verified.reason };
  const { claims } = verified;
  const qsh = computeQsh(parseRawUrl('POST', request.url ?? ''), { contextPath: baseUrl });
  const problem =
    claims.iss !== body.clientKey
      ? 'iss is not the clientKey'
      : listAudiences(claims)[0] !== baseUrl
        ? 'aud is not the base URL'
        : claims.qsh !== qsh
          ? 'qsh mismatch'
          : undefined;
  return { claims, alg, problem };
}

/**
 * The checks of ACE's `authenticateWebhook`: HS256 with the shared secret of the install `iss` names
 * (ACE takes `aud[0]` as the client key when there is an `aud`), `exp`, and `qsh` over the app-relative
 * path and query.
 */
async function verifyWebhook(
  request: IncomingMessage,
  veil: { readonly clock: Clock },
  baseUrl: string,
  secretOf: (clientKey: unknown) => unknown,
): Promise<Pick<ReceivedWebhook, 'claims' | 'problem' | 'identifier' | 'flow' | 'retry' | 'connectVersion'>> {
  const header = (name: string) => {
    const value = request.headers[name];
    return Array.isArray(value) ? value.join(',') : value;
  };
  const headers = {
    identifier: header('x-atlassian-webhook-identifier'),
    flow: header('x-atlassian-webhook-flow'),
    retry: header('x-atlassian-webhook-retry'),
    connectVersion: header('atlassian-connect-version'),
  };
  const token = request.headers.authorization?.replace(/^JWT /, '') ?? '';
  const decoded = decodeJwtUnverified(token);
  if (!decoded.ok) return { claims: undefined, problem: 'no JWT', ...headers };
  const clientKey = listAudiences(decoded.claims)[0] ?? decoded.claims.iss;
  const secret = secretOf(clientKey);
  if (typeof secret !== 'string') return { claims: undefined, problem: 'unknown client key', ...headers };
  const verified = await verifyJwt(token, { alg: 'HS256', secret, now: veil.clock.now() });
  if (!verified.ok) return { claims: undefined, problem: verified.reason, ...headers };
  const qsh = computeQsh(parseRawUrl('POST', request.url ?? ''), { contextPath: baseUrl });
  const problem = verified.claims.qsh !== qsh ? 'qsh mismatch' : undefined;
  return { claims: verified.claims, problem, ...headers };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A JWT as an app framework signs a request to the product (ACE: `iss` the app key, `aud` the client key),
 * with the library ACE signs with (`atlassian-jwt`, synchronous), so Veil's jose-based checks meet an app's.
 */
export function signAppRequest(
  credentials: AppCredentials,
  veil: Pick<ListeningVeil, 'clock'>,
  method: string,
  url: string,
  overrides: Partial<JwtClaims> & { contextPath?: string; secret?: string } = {},
): string {
  const { contextPath, secret, ...claims } = overrides;
  const iat = Math.floor(veil.clock.now().getTime() / 1000);
  return signLikeAnApp(
    {
      iss: 'com.example.test-app',
      aud: [credentials.clientKey],
      iat,
      exp: iat + 180,
      qsh: computeQsh(parseRawUrl(method, url), contextPath ? { contextPath } : {}),
      ...claims,
    },
    secret ?? credentials.sharedSecret,
  );
}

/** A Veil that takes a test request: in this process, or over HTTP. */
export interface InstallingVeil {
  request(options: TestRequest): Promise<{ readonly statusCode: number; readonly body: string }>;
}

/** Installs the test app on a site through the management API, as its admin (Olivia for Acme); asserts 201. */
export async function installTestApp(
  veil: InstallingVeil,
  app: TestApp,
  siteId = 'acme',
  admin: { email: string; token: string } = { email: 'olivia@acme.test', token: 'demo-token-olivia' },
) {
  const installed = await veil.request({
    method: 'POST',
    url: `/veil/v1/sites/${siteId}/apps`,
    as: admin,
    body: { descriptorUrl: app.descriptorUrl },
  });
  if (installed.statusCode !== 201)
    throw new Error(`install failed: ${installed.statusCode} ${installed.body}`);
}

/**
 * The assertion of the JWT bearer grant, as atlassian-oauth2 signs it for ACE's `asUserByAccountId`:
 * HS256 with the install's shared secret, for the app's acme install by default.
 */
export function signImpersonationAssertion(
  app: TestApp,
  veil: { readonly clock: Clock },
  accountId: string,
  overrides: Partial<JwtClaims> & { secret?: string } = {},
): string {
  const { secret, ...claims } = overrides;
  const body = app.received.find((c) => c.path === '/installed' && c.answered === 204)?.body ?? {};
  const iat = Math.floor(veil.clock.now().getTime() / 1000);
  return signLikeAnApp(
    {
      iss: `urn:atlassian:connect:clientid:${String(body.oauthClientId)}`,
      sub: `urn:atlassian:connect:useraccountid:${accountId}`,
      tnt: 'http://127.0.0.1:8080',
      aud: 'https://oauth-2-authorization-server.services.atlassian.com',
      iat,
      exp: iat + 60,
      ...claims,
    },
    secret ?? String(body.sharedSecret),
  );
}

function signLikeAnApp(claims: JwtClaims, secret: string): string {
  return atlassianJwt.encodeSymmetric({ ...claims }, secret, atlassianJwt.SymmetricAlgorithm.HS256);
}
