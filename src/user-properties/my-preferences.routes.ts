/**
 * The tracker's `/mypreferences` (the signed-in person's own preference strings, kept with the
 * properties about them under the writer `#preferences`, so they are exported and erased with them),
 * and `/mypreferences/locale`.
 */
import { Type } from 'typebox';
import { changeOwnProfile } from '../accounts-api/me.service.ts';
import type { Caller } from '../auth/caller.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  deleteUserPropertyRow,
  listUserPropertyRows,
  upsertUserPropertyRow,
} from './user-properties.repository.ts';
import type { Deps as ServiceDeps } from './user-properties.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends ServiceDeps {
  readonly directory: Directory;
}

const preferencesWriter = '#preferences';
const KeyQuery = Type.Object({ key: Type.String({ minLength: 1, maxLength: 255 }) });
const Locale = Type.Object({ locale: Type.String() });
/** The person whose preferences these are: the signed-in person (or the one an app acts for). */
export function requireOwnAccountId(caller: Caller): string {
  if (caller.kind !== 'person') {
    throw new VeilError('auth.required', 'Preferences belong to a person: sign in, or act for one');
  }
  return caller.account.accountId;
}

/** `/mypreferences` and `/mypreferences/locale` of the tracker, v2 and v3. */
export function registerMyPreferenceRoutes(app: VeilApp, deps: Deps) {
  for (const version of ['2', '3'] as const) {
    registerPreferences(app, deps, version);
    registerLocale(app, deps, version);
  }
}

function notSet(key: string): VeilError {
  return new VeilError('user_property.not_found', `No preference '${key}' is set.`);
}

function registerPreferences(app: VeilApp, deps: Deps, version: '2' | '3') {
  const tags = [`tracker v${version}`];
  const url = `/rest/api/${version}/mypreferences`;
  const gone = { 204: NoContent, ...trackerErrors };
  app.get(
    url,
    {
      schema: {
        tags,
        summary: 'Get preference',
        querystring: KeyQuery,
        response: { 200: Type.String(), ...trackerErrors },
      },
    },
    async (request, reply) => {
      await requireSiteAccess(request, deps.directory);
      const accountId = requireOwnAccountId(request.caller);
      const [row] = await listUserPropertyRows(deps.db, accountId, [preferencesWriter], request.query.key);
      if (!row) throw notSet(request.query.key);
      // A JSON string, as the spec documents it (a bare string would go out as text).
      return reply.type('application/json').send(row.value);
    },
  );
  app.put(
    url,
    { schema: { tags, summary: 'Set preference', querystring: KeyQuery, response: gone } },
    async (request, reply) => {
      await requireSiteAccess(request, deps.directory);
      await setPreference(deps, request.caller, request.query.key, request.body);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    url,
    { schema: { tags, summary: 'Delete preference', querystring: KeyQuery, response: gone } },
    async (request, reply) => {
      await requireSiteAccess(request, deps.directory);
      const accountId = requireOwnAccountId(request.caller);
      if (!(await deleteUserPropertyRow(deps.db, accountId, preferencesWriter, request.query.key)))
        throw notSet(request.query.key);
      return reply.code(204).send(null);
    },
  );
}

function registerLocale(app: VeilApp, deps: Deps, version: '2' | '3') {
  const tags = [`tracker v${version}`];
  app.get(
    `/rest/api/${version}/mypreferences/locale`,
    { schema: { tags, summary: 'Get locale', response: { 200: Locale, ...trackerErrors } } },
    async (request) => {
      await requireSiteAccess(request, deps.directory);
      const entry = await deps.directory.entry(requireOwnAccountId(request.caller));
      return { locale: (entry?.account.profile.locale ?? 'en-US').replace('-', '_') };
    },
  );
  app.put(
    `/rest/api/${version}/mypreferences/locale`,
    {
      schema: {
        tags,
        summary: 'Set locale (deprecated): the locale of the own profile; none given resets it',
        body: Type.Object({ locale: Type.Optional(Type.String({ maxLength: 35 })) }),
        response: { 204: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      await requireSiteAccess(request, deps.directory);
      const accountId = requireOwnAccountId(request.caller);
      const locale = request.body.locale?.replace('_', '-') ?? null;
      await changeOwnProfile(deps.db, deps.clock, accountId, { locale }, '');
      return reply.code(204).send(null);
    },
  );
}

/** Stores a preference of the caller: the raw body (text or a JSON string), as the tracker takes it. */
async function setPreference(deps: Deps, caller: Caller, key: string, body: unknown): Promise<void> {
  const accountId = requireOwnAccountId(caller);
  const value = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  if (value.length > 32768) {
    throw new VeilError('request.invalid', 'The preference is longer than 32768 characters');
  }
  await upsertUserPropertyRow(deps.db, {
    account_id: accountId,
    writer: preferencesWriter,
    property_key: key,
    value: JSON.stringify(value),
    updated_at: deps.clock.now(),
  });
}
