/**
 * The authorization matrix for writes: every write route Veil registers × every kind of caller, against
 * the table in test/support/write-permissions.ts. A property test replays the whole table in random
 * orders on one world (started over after an allowed write that changed who may do what) and finds no
 * write accepted that the table forbids: a forbidden call is refused (401, 403, 404, or what the route
 * documents) and leaves the store as it was; an allowed call is not refused for who made it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { takeWrites } from '../support/store-snapshot.ts';
import { routeKey, type WriteRule, writeRules } from '../support/write-permissions.ts';
import {
  buildWriteWorld,
  type CallerKind,
  callerKinds,
  signRequest,
  type WriteWorld,
} from '../support/write-world.ts';

/** How many cases each backend runs at least: the whole table, in random orders, until there are this many. */
const minimumCases = 10_000;
const writeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every write route of a Veil, from Fastify's route tree (`printRoutes` without common prefixes). */
function registeredWriteRoutes(tree: string): Set<string> {
  const found = new Set<string>();
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const methods = (match[3] ?? '').split(', ').filter((method) => writeMethods.has(method));
    for (const method of methods) found.add(routeKey(method, stack.join('')));
  }
  return found;
}

interface Case {
  readonly rule: WriteRule;
  readonly kind: CallerKind;
}

const ruleName = (rule: WriteRule) =>
  `${rule.method} ${rule.route}${rule.variant ? ` (${rule.variant})` : ''}`;

/** Runs cases on the world and remembers what the store looked like after the last accepted change. */
class MatrixRunner {
  readonly violations = new Map<string, string>();
  /** What allowed calls were answered, by rule: a rule that never succeeds proves little. */
  readonly allowedOutcomes = new Map<string, Set<number>>();
  cases = 0;
  resets = 0;
  #dirty = false;
  #n = 0;

  readonly world: WriteWorld;

  constructor(world: WriteWorld) {
    this.world = world;
  }

  async start(): Promise<void> {
    await this.#settle();
  }

  async run({ rule, kind }: Case): Promise<void> {
    if (this.#dirty) {
      await this.world.reset();
      this.resets++;
      this.#dirty = false;
      await this.#settle();
    }
    this.cases++;
    const n = ++this.#n;
    const request = rule.request(this.world, kind, n);
    const response = await this.world.app().inject({
      method: rule.method,
      url: request.url,
      headers: {
        host: request.host ?? 'acme.localhost',
        ...signRequest(this.world, kind, rule.method, request.url),
        ...request.headers,
      },
      ...(request.body !== undefined ? { payload: request.body as object } : {}),
    });
    const status = response.statusCode;
    const where = `${kind} → ${ruleName(rule)}`;
    const written = await takeWrites(this.world.store.db);
    if (rule.allowed.includes(kind)) {
      const outcomes = this.allowedOutcomes.get(ruleName(rule)) ?? new Set();
      this.allowedOutcomes.set(ruleName(rule), outcomes.add(status));
      if (status === 401 || status === 403)
        this.#violate(where, 'status', `refused with ${status}: ${response.body}`);
      const broken = await rule.afterAllowed?.(this.world, kind);
      if (broken) this.#violate(where, 'intent', `${status}, but ${broken}`);
      if (written.length > 0 && rule.resets) this.#dirty = true;
      return;
    }
    const refusals = [401, 403, 404, ...(rule.refusals ?? [])];
    if (!refusals.includes(status))
      this.#violate(
        where,
        'status',
        `answered ${status} (a refusal is ${refusals.join('/')}): ${response.body.slice(0, 300)}`,
      );
    if (written.length > 0) {
      this.#violate(where, 'writes', `answered ${status} and wrote ${written.join(', ')}`);
      this.#dirty = true;
    }
  }

  /** Remembers the first problem of each sort (status, writes, intent) for a caller and rule. */
  #violate(where: string, sort: 'status' | 'writes' | 'intent', what: string) {
    const key = `${where} [${sort}]`;
    if (!this.violations.has(key)) this.violations.set(key, what);
  }

  async #settle() {
    await takeWrites(this.world.store.db);
  }
}

for (const backend of testBackends()) {
  describe(`the write authorization matrix on ${backend.name}`, () => {
    let world: WriteWorld;
    before(async () => {
      world = await buildWriteWorld(backend);
    });
    after(() => world?.close());

    it('lists every write route that Veil registers, and none that it does not', () => {
      const registered = registeredWriteRoutes(world.app().printRoutes({ commonPrefix: false }));
      const listed = new Set(writeRules.map((rule) => routeKey(rule.method, rule.route)));
      assert.ok(registered.size > 60, `only ${registered.size} write routes were found in the route tree`);
      assert.deepEqual(
        [...registered].filter((key) => !listed.has(key)).sort(),
        [],
        'write routes the table does not list',
      );
      assert.deepEqual(
        [...listed].filter((key) => !registered.has(key)).sort(),
        [],
        'routes the table lists that Veil does not have',
      );
    });

    it(`accepts no write the table forbids (at least ${minimumCases} cases)`, {
      timeout: 600_000,
    }, async (t) => {
      const allCases: Case[] = writeRules.flatMap((rule) => callerKinds.map((kind) => ({ rule, kind })));
      const runner = new MatrixRunner(world);
      await runner.start();
      const rounds = Math.ceil(minimumCases / allCases.length);
      await fc.assert(
        fc.asyncProperty(fc.shuffledSubarray(allCases, { minLength: allCases.length }), async (cases) => {
          for (const drawn of cases) await runner.run(drawn);
        }),
        { numRuns: rounds, endOnFailure: true },
      );
      const report = [...runner.violations].map(([where, what]) => `${where}: ${what}`);
      for (const [name, statuses] of runner.allowedOutcomes) {
        if (![...statuses].some((status) => status < 300))
          t.diagnostic(`allowed, but never succeeded here: ${name} (${[...statuses].join(', ')})`);
      }
      t.diagnostic(`${runner.cases} cases, ${runner.resets} fresh starts`);
      assert.deepEqual(report, [], `${report.length} problem(s) with writes against the table`);
      assert.ok(runner.cases >= minimumCases, `only ${runner.cases} cases ran`);
    });
  });
}
