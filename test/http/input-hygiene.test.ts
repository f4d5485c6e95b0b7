/**
 * Input hygiene (issue 11): text Veil cannot store or show is a 400 from the contract layer, wherever it
 * hides (path, query, body, header, JWT claim), on every route, signed in or not; integers beyond what the
 * store holds are 400s; the clock cannot be moved past what Veil can store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const pat = demoPerson('pat');
const mia = demoPerson('mia');

interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly queryNames: readonly string[];
  readonly bodyNames: readonly string[];
}

/** Every operation of the OpenAPI document, with the names its query and body declare. */
function listOperations(veil: TestVeil): Operation[] {
  const document = veil.app.swagger() as unknown as {
    paths: Record<string, Record<string, Record<string, unknown>>>;
  };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const parameters = (operation.parameters ?? []) as { in: string; name: string }[];
      const content = (operation.requestBody as { content?: Record<string, { schema?: unknown }> })?.content;
      const schema = content?.['application/json']?.schema as { properties?: object } | undefined;
      return {
        method: method.toUpperCase() as Operation['method'],
        path,
        queryNames: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        bodyNames: Object.keys(schema?.properties ?? {}),
      };
    }),
  );
}

/** A path with each `{parameter}` filled, the `poisoned` one (if any) with a NUL in it. */
function fillPath(path: string, poisoned: number | undefined): string {
  let index = 0;
  return path.replace(/\{[^}]+\}/g, (name) => {
    const value = index++ === poisoned ? 'a%00b' : name.includes('ccount') ? demoIds.mia : 'acme';
    return value;
  });
}

/** An unsigned JWT whose issuer claim carries a NUL: decoding it is all it takes to reach the store. */
function jwtWithNulIssuer(): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: 'a\u0000b', qsh: 'x', exp: 4e9 })}.c2ln`;
}

const places = ['path', 'query', 'body', 'jwt', 'basic', 'cookie'] as const;

for (const backend of testBackends()) {
  describe(`input hygiene on ${backend.name}`, () => {
    let veil: TestVeil;
    let operations: Operation[];
    before(async () => {
      veil = await startTestVeil(backend, 'demo', { movableClock: true });
      operations = listOperations(veil);
    });
    after(() => veil.close());

    it('answers a NUL anywhere in any request with a 400 naming where, never a 500', async () => {
      assert.ok(operations.length > 50, `the document lists ${operations.length} operations`);
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: operations.length - 1 }),
          fc.constantFrom(...places),
          fc.boolean(),
          async (index, place, signedIn) => {
            const operation = operations[index] as Operation;
            const parameterCount = (operation.path.match(/\{/g) ?? []).length;
            const hasBody = operation.method !== 'GET' && operation.bodyNames.length > 0;
            // Health answers without reading who calls: credentials there are never decoded.
            const unread = operation.path === '/veil/v1/health' && (place === 'jwt' || place === 'basic');
            const where =
              (place === 'path' && parameterCount === 0) || (place === 'body' && !hasBody) || unread
                ? 'query'
                : place;
            let url = fillPath(operation.path, where === 'path' ? 0 : undefined);
            if (where === 'query') url += `?${operation.queryNames[0] ?? 'q'}=a%00b`;
            const headers: Record<string, string> = {};
            if (where === 'jwt') headers.authorization = `JWT ${jwtWithNulIssuer()}`;
            if (where === 'basic')
              headers.authorization = `Basic ${Buffer.from('mia@acme.test\u0000:x').toString('base64')}`;
            if (where === 'cookie') headers.cookie = 'veil_session=a%00b';
            const body = hasBody
              ? Object.fromEntries(
                  operation.bodyNames.map((name) => [name, where === 'body' ? 'a\u0000b' : 'x']),
                )
              : undefined;
            const response = await veil.request({
              method: operation.method,
              url,
              headers,
              ...(signedIn && !headers.authorization ? { as: pat } : {}),
              ...(body ? { body } : {}),
            });
            const said = `${operation.method} ${url} (NUL in the ${where}) → ${response.statusCode} ${response.body}`;
            assert.equal(response.statusCode, 400, said);
            assert.match(response.body, /U\+0000/, said);
          },
        ),
        { numRuns: 300 },
      );
    });

    it('refuses the reproducers of the issue without signing in', async () => {
      const installKey = await veil.request({ url: '/veil/v1/connect/install-keys/a%00b' });
      assert.equal(installKey.statusCode, 400, installKey.body);
      assert.deepEqual(installKey.json().errors, [
        { path: 'params.kid', message: 'must not contain U+0000 (NUL)' },
      ]);
      const jwt = await veil.request({
        url: '/rest/api/3/myself',
        headers: { authorization: `JWT ${jwtWithNulIssuer()}` },
      });
      assert.equal(jwt.statusCode, 400, jwt.body);
      assert.equal(jwt.json().errors['jwt.iss'], 'must not contain U+0000 (NUL)');
    });

    it('refuses a NUL in a query parameter’s name, where no contract names it', async () => {
      for (const url of ['/veil/v1/health?a%00b=1', '/rest/api/3/user/search?query=mia&x%00=1']) {
        const response = await veil.request({ url, as: pat });
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
        assert.match(response.body, /U\+0000/, url);
      }
    });

    it('answers a NUL under 100,000 nested arrays at once, without signing in (the walk is linear)', async () => {
      const depth = 100_000;
      const started = performance.now();
      const response = await veil.request({
        method: 'POST',
        url: '/veil/v1/sessions',
        headers: { 'content-type': 'application/json' },
        body: `${'['.repeat(depth)}"a\\u0000b"${']'.repeat(depth)}`,
      });
      const took = performance.now() - started;
      assert.equal(response.statusCode, 400, response.body.slice(0, 500));
      assert.match(response.body, /U\+0000/);
      assert.ok(response.body.length < 2000, `a short answer, not a path of ${depth} steps`);
      // Before, the walk copied every path: 85 s at 40,000 levels, with the whole process stalled.
      assert.ok(took < 5000, `took ${took} ms`);
    });

    it('refuses unpaired surrogates in bodies and keys', async () => {
      const nulKey = 'full\u0000Name';
      for (const body of [{ fullName: 'Mia \ud800' }, { [nulKey]: 'Mia' }]) {
        const response = await veil.request({ method: 'PATCH', url: '/veil/v1/me/profile', as: mia, body });
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().code, 'request.invalid');
      }
    });

    it('refuses control characters and bidirectional overrides in names, and keeps other scripts', async () => {
      for (const fullName of ['Mia \u202Eevil', 'Mia\u0007', 'Mia\nKrystof', 'Mia \u2066x\u2069']) {
        const response = await veil.request({
          method: 'PATCH',
          url: '/veil/v1/me/profile',
          as: mia,
          body: { fullName },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.deepEqual(response.json().errors, [
          {
            path: 'body.fullName',
            message: 'must not contain control characters or bidirectional overrides',
          },
        ]);
      }
      const group = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/groups',
        as: pat,
        body: { name: 'team \u202Etxt.exe' },
      });
      assert.equal(group.statusCode, 400, group.body);
      const kept = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: mia,
        body: { fullName: 'Mia Krýstof 米娅 مِيا' },
      });
      assert.equal(kept.statusCode, 200, kept.body);
    });

    it('refuses a day the calendar lacks, read by the parser scenario files use', async () => {
      const patch = (deprecationEnds: string) =>
        veil.request({
          method: 'PATCH',
          url: '/veil/v1/sites/acme',
          as: pat,
          body: { migration: { stage: 'legacy', deprecationEnds } },
        });
      const refused = await patch('2027-02-30T00:00:00Z');
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(refused.json().errors[0].path, 'body.migration.deprecationEnds');
      const kept = await patch('2028-02-29T12:00:00+02:00');
      assert.equal(kept.statusCode, 200, kept.body);
      assert.equal(kept.json().migration.deprecationEnds, '2028-02-29T10:00:00.000Z');
    });

    it('answers integers beyond what the store holds with a 400 (accounts, erasure reports, deliveries)', async () => {
      const urls = [
        '/veil/v1/accounts?startAt=1e20',
        '/veil/v1/erasure-reports?startAt=1e20',
        '/veil/v1/sites/acme/apps/com.example.app/webhook-deliveries?startAt=1e20',
        '/veil/v1/accounts?startAt=2147483648',
        '/rest/api/3/users/search?startAt=1e20',
      ];
      for (const url of urls) {
        const response = await veil.request({ url, as: pat });
        assert.equal(response.statusCode, 400, `${url}: ${response.body}`);
      }
      const largest = await veil.request({ url: '/veil/v1/accounts?startAt=2147483647', as: pat });
      assert.equal(largest.statusCode, 200, largest.body);
    });

    it('refuses to move the clock past what Veil can store, and leaves it where it was', async () => {
      let refused: { statusCode: number; body: string } | undefined;
      for (let i = 0; i < 90 && !refused; i++) {
        const response = await veil.request({
          method: 'POST',
          url: '/veil/v1/clock/advance',
          as: pat,
          body: { duration: 'P99Y' },
        });
        if (response.statusCode !== 200) refused = response;
      }
      assert.ok(refused, 'the clock was refused before year 10000');
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(JSON.parse(refused.body).code, 'clock.out_of_range');
      const now = (await veil.request({ url: '/veil/v1/clock', as: pat })).json().now as string;
      assert.match(now, /^9\d{3}-/, 'the clock stayed in the last century Veil can store');
      assert.equal(veil.clock.now().toISOString(), now);
      const write = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: mia,
        body: { jobTitle: 'Still here' },
      });
      assert.equal(write.statusCode, 200, write.body);
    });
  });
}
