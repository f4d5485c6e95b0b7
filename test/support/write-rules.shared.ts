/**
 * What the write rules share: the shape of a rule, the sets of callers they name, and the targets.
 */
import {
  type AppScope,
  type CallerKind,
  type ImpersonatedKind,
  type PersonKind,
  people,
  personKinds,
  type WriteWorld,
} from './write-world.ts';

export interface WriteRequest {
  readonly url: string;
  readonly body?: unknown;
  /** `acme.localhost` unless said. */
  readonly host?: string;
  readonly headers?: Record<string, string>;
}

export interface WriteRule {
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as Veil registers it (`:param`). */
  readonly route: string;
  /** Tells two rules of one route apart (another host, another body). */
  readonly variant?: string;
  /** The kinds of caller that may; every other kind must be refused. */
  readonly allowed: readonly CallerKind[];
  /** A valid request; `n` is unique per case, for names that must not collide. */
  request(world: WriteWorld, kind: CallerKind, n: number): WriteRequest;
  /** An allowed call can change who may do what in the world: start over after one that wrote. */
  readonly resets?: boolean;
  /** Refusals this route documents besides 401, 403 and 404 (410 for the operations that are gone). */
  readonly refusals?: readonly number[];
  /** What an allowed call must still leave alone (a rule of intent); a message when it did not. */
  afterAllowed?(world: WriteWorld, kind: CallerKind): Promise<string | undefined>;
}

/**
 * A sign-in and its sign-out: POST `signIn.route` by anyone but apps, with the caller's credentials
 * in the body `signIn.body` makes of them, and DELETE `signOut.route` by `signOut.allowed`.
 */
export function sessionRules(
  signIn: { route: string; body: (credentials: { email: string; token: string }) => unknown },
  signOut: { route: string; allowed: readonly CallerKind[] },
): WriteRule[] {
  return [
    {
      method: 'POST',
      route: signIn.route,
      allowed: anyoneButApps,
      request: (_w, kind) => ({ url: signIn.route, body: signIn.body(credentialsOf(kind)) }),
    },
    {
      method: 'DELETE',
      route: signOut.route,
      allowed: signOut.allowed,
      request: () => ({ url: signOut.route }),
    },
  ];
}

/** Every signed-in person (the deactivated cannot sign in). */
export const allPeople: readonly CallerKind[] = personKinds;
export const platform: readonly CallerKind[] = ['platformAdmin'];
export const siteAdmins: readonly CallerKind[] = ['siteAdmin', 'platformAdmin'];
export const orgAdmins: readonly CallerKind[] = ['orgAdmin', 'platformAdmin'];
/** Everyone who signs in with credentials in the body or none: anybody but apps and refused Basic. */
export const anyoneButApps: readonly CallerKind[] = ['anonymous', ...personKinds];
const readingScopes: readonly AppScope[] = [
  'READ',
  'WRITE',
  'DELETE',
  'PROJECT_ADMIN',
  'SPACE_ADMIN',
  'ADMIN',
];
/** Apps holding a scope that implies READ. */
export const readingApps: readonly CallerKind[] = readingScopes.map((scope) => `app:${scope}` as const);
export const allApps: readonly CallerKind[] = [
  ...readingApps,
  'app:ACT_AS_USER',
  'app:ACCESS_EMAIL_ADDRESSES',
];
export const actingFor = (...kinds: (ImpersonatedKind | 'siteAdmin:READ')[]): CallerKind[] =>
  kinds.map((kind) => `actingFor:${kind}` as const);
/** People linked to acme with both products (everyone but the customer). */
export const acmeMembers: readonly CallerKind[] = personKinds.filter((kind) => kind !== 'customer');
export const allActing = actingFor('self', 'orgAdmin', 'siteAdmin', 'platformAdmin', 'siteAdmin:READ');

export const q = encodeURIComponent;
export const mia = people.self.accountId;
export const credentialsOf = (kind: CallerKind) => people[(kind in people ? kind : 'self') as PersonKind];

/** The account's global status, read from the store. */
export async function statusOf(world: WriteWorld, accountId: string): Promise<string> {
  const row = await world.store.db
    .selectFrom('accounts')
    .select('status')
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** Who deactivates an account everywhere: a platform admin, or an admin of the organization managing it. */
const deactivatesGlobally: readonly CallerKind[] = [
  'platformAdmin',
  'orgAdmin',
  ...actingFor('platformAdmin', 'orgAdmin'),
];

/** A site admin's deactivation is for the site: Mia's account stays active everywhere else. */
export async function miaStillActiveGlobally(world: WriteWorld, kind: CallerKind) {
  if (deactivatesGlobally.includes(kind)) return undefined;
  const status = await statusOf(world, mia);
  return status === 'active' ? undefined : `a site admin's deactivation made Mia's account ${status}`;
}
