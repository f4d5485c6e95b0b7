import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { findGlobalAccountRowByEmail } from '../accounts/accounts.repository.ts';
import { createAccount } from '../accounts/accounts.service.ts';
import { isPlausibleEmail, normalizeEmail } from '../accounts/profile.rules.ts';
import type { Clock } from '../clock/clock.ts';
import { lockUntilCommit } from '../db/locks.ts';
import type { Database } from '../db/schema.ts';
import { isVeilError, VeilError } from '../errors/veil-error.ts';
import { requirePerson, requireSiteAdmin } from '../http/caller.ts';
import { NoContent } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { nameFormat } from '../http/validation.ts';
import {
  type IdentityContext,
  identityContextOf,
  legacyRenderingOf,
  requireNamedUser,
} from '../migration/legacy-request.ts';
import type { LegacyIdentityChanges } from '../migration/migration.service.ts';
import { joinSite, leaveSite } from '../sites/site-membership.service.ts';
import type { Product, Site } from '../sites/sites.model.ts';
import { listLinks } from '../sites/sites.service.ts';
import { requireSiteAccess, requireSiteAccount } from './tracker.context.ts';
import { activeScopeOf, changeActive } from './user-status.service.ts';
import { renderTrackerUser } from './users.representation.ts';
import { trackerVersions } from './users.routes.ts';
import { TrackerUser, trackerErrors } from './users.schemas.ts';

/** The tracker's product keys and the site product each one gives access to. */
const productOfApplication = {
  'jira-core': 'jira',
  'jira-software': 'jira',
  'jira-product-discovery': 'jira',
  'jira-servicedesk': 'servicedesk',
} as const satisfies Record<string, Product>;

type ApplicationKey = keyof typeof productOfApplication;
const applicationKeys = Object.keys(productOfApplication) as ApplicationKey[];

/**
 * `NewUserDetails`. `displayName` only names a new account; `password` and `applicationKeys` are
 * accepted and ignored (the spec says so), like any other property. `name` and `key` are ignored too,
 * except in the legacy stage, where they become the legacy identity of a link that has none.
 */
const NewUserDetails = Type.Object(
  {
    emailAddress: Type.String(),
    products: Type.Array(Type.Union(applicationKeys.map((key) => Type.Literal(key))), { uniqueItems: true }),
    displayName: Type.Optional(Type.String({ format: nameFormat })),
    name: Type.Optional(Type.String({ description: 'Legacy stage only: the username of a new link' })),
    key: Type.Optional(Type.String({ description: 'Legacy stage only: the userKey of a new link' })),
  },
  { additionalProperties: true },
);

const userQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
});

/** Operations that the account model removed, what each says, and what to use instead. */
const goneOperations: readonly { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; path: string; why: string }[] = [
  {
    method: 'POST',
    path: 'user/application',
    why: 'Adding a user to an application is no longer available: product access comes with the link to the site. Use POST /rest/api/{v}/user with products, or POST /rest/api/{v}/group/user.',
  },
  {
    method: 'DELETE',
    path: 'user/application',
    why: 'Removing a user from an application is no longer available: product access comes with the link to the site. Use DELETE /rest/api/{v}/user to remove the user from the site, or DELETE /rest/api/{v}/group/user.',
  },
  {
    method: 'PUT',
    path: 'user/password',
    why: "Setting a user's password is no longer available: passwords belong to the person's account and only they manage it. People use the API with their email and an API token; to stop someone using the site, use DELETE /rest/api/{v}/user or PUT /rest/api/2/user with active false.",
  },
  {
    method: 'PUT',
    path: 'myself',
    why: "Changing the current user is no longer available here: the profile belongs to the person's account. Change it with PATCH /veil/v1/me/profile, and who sees it with PUT /veil/v1/me/visibility.",
  },
  {
    method: 'PUT',
    path: 'myself/password',
    why: 'Changing your password is no longer available here: product APIs take no passwords. Sign in with your email and an API token; create one with POST /veil/v1/me/tokens.',
  },
  {
    method: 'GET',
    path: 'password/policy',
    why: 'The password policy is no longer available: product APIs take no passwords. Sign in with your email and an API token; create one with POST /veil/v1/me/tokens.',
  },
];

/** User management as the account model demands, and the operations that are gone (410). */
export function registerTrackerUserManagementRoutes(app: VeilApp, deps: Dependencies) {
  for (const version of trackerVersions) {
    registerCreateUser(app, deps, version);
    registerRemoveUser(app, deps, version);
    for (const gone of goneOperations) {
      app.route({
        method: gone.method,
        url: `/rest/api/${version}/${gone.path}`,
        schema: {
          tags: [`tracker v${version}`],
          summary: 'Removed: answers 410 Gone and says what to use instead',
          response: trackerErrors,
        },
        handler: async () => {
          throw new VeilError('operation.gone', gone.why.replaceAll('{v}', version));
        },
      });
    }
  }
  registerUpdateUser(app, deps);
}

/** The site products that the tracker's product keys give, among those the site has. */
function productsFor(keys: readonly ApplicationKey[], site: Site): Product[] {
  const wanted = new Set<Product>(keys.map((key) => productOfApplication[key]));
  return site.products.filter((product) => wanted.has(product));
}

/**
 * Links the global account that has `email` to the site, adding the products to those it has there,
 * or creates the account (named from `displayName` or the email) and links it. Returns its accountId.
 */
async function linkOrCreateAccount(
  db: Kysely<Database>,
  clock: Clock,
  site: Site,
  input: {
    email: string;
    products: Product[];
    displayName: string | undefined;
    actingAccountId: string;
    legacy: LegacyIdentityChanges;
  },
): Promise<string> {
  // Creates with one email at the same instant are taken one after the other: the first makes the
  // account, the others find it and link it.
  await lockUntilCommit(db, 'account-email', normalizeEmail(input.email));
  const existing = await findGlobalAccountRowByEmail(db, normalizeEmail(input.email));
  if (existing) {
    const [link] = await listLinks(db, site.id, [existing.account_id]);
    const products = [...new Set([...(link?.products ?? []), ...input.products])];
    // An identity the link already has is kept: the name sent is ignored, as for the display name.
    const legacy = {
      ...(link?.username ? {} : pick(input.legacy, 'username')),
      ...(link?.userKey ? {} : pick(input.legacy, 'userKey')),
    };
    await joinSite(db, clock, site.id, existing.account_id, { products, ...legacy }, input.actingAccountId);
    return existing.account_id;
  }
  const fullName = input.displayName?.trim() || input.email.trim().split('@')[0] || input.email.trim();
  const account = await createAccount(db, clock, { type: 'atlassian', email: input.email, fullName });
  const access = { products: input.products, ...input.legacy };
  await joinSite(db, clock, site.id, account.accountId, access, input.actingAccountId);
  return account.accountId;
}

function pick(changes: LegacyIdentityChanges, name: keyof LegacyIdentityChanges): LegacyIdentityChanges {
  return changes[name] === undefined ? {} : { [name]: changes[name] };
}

/** The legacy identity a create call asks for: `name` and `key`, in the legacy stage only (ignored otherwise). */
function readNewLegacyIdentity(identity: IdentityContext, body: { name?: string; key?: string }) {
  if (!identity.legacy) return {};
  if (body.name || body.key) identity.noteLegacyUse(false);
  return { ...(body.name ? { username: body.name } : {}), ...(body.key ? { userKey: body.key } : {}) };
}

/** The tracker answers a create that cannot be done with 400 (its spec), not Veil's 409. */
function refuseTakenIdentity(error: unknown): never {
  if (isVeilError(error, 'migration.username_taken') || isVeilError(error, 'migration.user_key_taken')) {
    throw new VeilError('request.invalid', error.message, [
      { path: 'name', message: 'is in use on this site' },
    ]);
  }
  throw error;
}

function registerCreateUser(app: VeilApp, deps: Dependencies, version: '2' | '3') {
  const { db, clock, directory } = deps;
  app.post(
    `/rest/api/${version}/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Create user: links the account with this email to the site, or creates one',
        body: NewUserDetails,
        response: { 201: TrackerUser, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const { emailAddress, products, displayName } = request.body;
      const identity = identityContextOf(request, deps);
      const legacy = readNewLegacyIdentity(identity, request.body);
      if (!isPlausibleEmail(emailAddress.trim())) {
        throw new VeilError('request.invalid', 'emailAddress is not an email address', [
          { path: 'emailAddress', message: 'is not an email address' },
        ]);
      }
      const accountId = await db
        .transaction()
        .execute((trx) =>
          linkOrCreateAccount(trx, clock, site, {
            email: emailAddress.trim(),
            products: productsFor(products, site),
            displayName,
            actingAccountId: caller.account.accountId,
            legacy,
          }),
        )
        .catch(refuseTakenIdentity);
      await directory.sync();
      const entry = requireSiteAccount(directory, site, accountId);
      const rendering = { version, legacy: legacyRenderingOf(identity) };
      return reply.status(201).send(renderTrackerUser(deps, entry, caller.viewer, site, rendering));
    },
  );
}

function registerRemoveUser(app: VeilApp, deps: Dependencies, version: '2' | '3') {
  const { db, clock, directory } = deps;
  app.delete(
    `/rest/api/${version}/user`,
    {
      schema: {
        tags: [`tracker v${version}`],
        summary: 'Remove user: unlinks the account from the site and keeps it',
        querystring: userQuery,
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const site = requireSiteAccess(request, directory);
      const caller = requireSiteAdmin(request.caller, site.id);
      const identity = identityContextOf(request, deps);
      const { entry } = requireNamedUser(directory, site, caller.viewer, identity, request.query);
      const { accountId } = entry.account;
      if (accountId === caller.account.accountId) {
        throw new VeilError('request.invalid', 'You cannot remove yourself from the site', [
          { path: 'accountId', message: 'is you' },
        ]);
      }
      if (entry.account.accountType === 'app') {
        throw new VeilError('request.invalid', 'An app user leaves the site when its app is uninstalled', [
          { path: 'accountId', message: 'is an app user' },
        ]);
      }
      await db.transaction().execute(async (trx) => {
        await leaveSite(trx, clock, site.id, accountId, caller.account.accountId);
      });
      return reply.status(204).send(null);
    },
  );
}

/**
 * The `active` a user update asks for, or undefined when it names none. Only `active` may be sent;
 * `password` is ignored; anything else is refused, and so is deactivating yourself.
 */
function readRequestedActive(
  body: { active?: boolean } & Record<string, unknown>,
  accountId: string,
  callerId: string,
): boolean | undefined {
  const refused = Object.keys(body).filter((name) => name !== 'active' && name !== 'password');
  if (refused.length > 0) {
    throw new VeilError(
      'request.invalid',
      "Only the active status of a user can be changed. Names, email addresses and the rest of the profile belong to the person's account, and passwords are ignored.",
      refused.map((name) => ({ path: name, message: 'cannot be changed; only active can' })),
    );
  }
  if (body.active === false && accountId === callerId) {
    throw new VeilError('request.invalid', 'You cannot deactivate yourself', [
      { path: 'active', message: 'cannot be false for yourself' },
    ]);
  }
  return body.active;
}

function registerUpdateUser(app: VeilApp, deps: Dependencies) {
  const { db, clock, directory } = deps;
  app.put(
    '/rest/api/2/user',
    {
      schema: {
        tags: ['tracker v2'],
        summary:
          "Update user: only active can change, on this site for its admins, everywhere for the account's own admins; passwords are ignored",
        querystring: userQuery,
        body: Type.Object({ active: Type.Optional(Type.Boolean()) }, { additionalProperties: true }),
        response: { 200: TrackerUser, ...trackerErrors },
      },
    },
    async (request) => {
      const site = requireSiteAccess(request, directory);
      const caller = requirePerson(request.caller);
      const identity = identityContextOf(request, deps);
      const { entry, kind } = requireNamedUser(directory, site, caller.viewer, identity, request.query);
      const { account } = entry;
      const scope = activeScopeOf(caller, entry, site.id);
      const active = readRequestedActive(request.body, account.accountId, caller.account.accountId);
      if (active !== undefined) {
        const actingAccountId = caller.account.accountId;
        const change = { scope, siteId: site.id, account, active, actingAccountId };
        const changed = await db.transaction().execute((trx) => changeActive(trx, clock, change));
        if (changed) await directory.sync();
      }
      const current = requireSiteAccount(directory, site, account.accountId);
      const legacy = legacyRenderingOf(identity, kind);
      return renderTrackerUser(deps, current, caller.viewer, site, { version: '2', legacy });
    },
  );
}
