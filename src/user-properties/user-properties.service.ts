/**
 * Properties stored about a person: personal data an app (or the person) put there. The one rule of
 * who may see them: the app that wrote a property, and the person it is about — nobody else, admins
 * included. An app writes about any person of its site; a person writes about themself; an app acting
 * for a person writes, as the app, about that person only.
 */

import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { UserPropertiesTable } from '../db/tables/user-properties.table.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  deleteUserPropertyRow,
  listUserPropertyRows,
  upsertUserPropertyRow,
} from './user-properties.repository.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

/** A property as the service hands it out: its key, its value, and when it was written. */
export interface UserProperty {
  readonly key: string;
  readonly value: unknown;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** Stable per property (person, writer, key), for the wiki's `id`. */
  readonly id: string;
}

/** The longest property value, as JSON text (the tracker's limit). */
export const maxValueLength = 32768;

function propertyOf(row: UserPropertiesTable): UserProperty {
  return {
    key: row.property_key,
    value: JSON.parse(row.value) as unknown,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    id: `${row.writer === '' ? 'self' : row.writer}:${row.property_key}`,
  };
}

/** Who writes when this caller writes about `accountId`: the app's key, or '' for the person; else refused. */
export function writerFor(caller: Caller, accountId: string): string {
  if (caller.kind === 'anonymous') throw new VeilError('auth.required', 'You are not logged in');
  if (caller.kind === 'app') return caller.appKey;
  if (caller.account.accountId !== accountId) {
    throw new VeilError(
      'auth.forbidden',
      'Properties about a person are written by the person or by an app; not by anyone else, admins included',
    );
  }
  return caller.impersonation?.appKey ?? '';
}

/** Whose properties about `accountId` the caller may read: its own app's, or all of them for the person. */
export function readableWriters(caller: Caller, accountId: string): readonly string[] | 'all' {
  if (caller.kind === 'anonymous') return [];
  if (caller.kind === 'app') return [caller.appKey];
  if (caller.impersonation) return [caller.impersonation.appKey];
  return caller.account.accountId === accountId ? 'all' : [];
}

/** The keys of the properties about the person the caller may read, each once, in order. */
export async function listPropertyKeys(deps: Deps, caller: Caller, accountId: string): Promise<string[]> {
  const rows = await listUserPropertyRows(deps.db, accountId, readableWriters(caller, accountId));
  return [...new Set(rows.map((row) => row.property_key))];
}

/** One property the caller may read (the person's own first, when several writers used the key), or a 404. */
export async function getProperty(
  deps: Deps,
  caller: Caller,
  accountId: string,
  key: string,
): Promise<UserProperty> {
  const rows = await listUserPropertyRows(deps.db, accountId, readableWriters(caller, accountId), key);
  const row = rows.find((r) => r.writer === '') ?? rows[0];
  if (!row) throw notFound(key);
  return propertyOf(row);
}

/** Stores a property as the caller's (JSON, at most `maxValueLength` characters); true when new. */
export async function putProperty(
  deps: Deps,
  caller: Caller,
  accountId: string,
  key: string,
  value: unknown,
): Promise<boolean> {
  const writer = writerFor(caller, accountId);
  const text = readValue(value);
  return upsertUserPropertyRow(deps.db, {
    account_id: accountId,
    writer,
    property_key: readKey(key),
    value: text,
    updated_at: deps.clock.now(),
  });
}

/** Deletes the caller's property, or a 404 when the caller wrote none with this key. */
export async function deleteProperty(
  deps: Deps,
  caller: Caller,
  accountId: string,
  key: string,
): Promise<void> {
  const writer = writerFor(caller, accountId);
  if (!(await deleteUserPropertyRow(deps.db, accountId, writer, key))) throw notFound(key);
}

function notFound(key: string): VeilError {
  return new VeilError('user_property.not_found', `The property '${key}' does not exist.`);
}

function readKey(key: string): string {
  if (key.length === 0 || key.length > 255) {
    throw new VeilError('request.invalid', 'The property key must be 1 to 255 characters', [
      { path: 'propertyKey', message: 'must be 1 to 255 characters' },
    ]);
  }
  return key;
}

function readValue(value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) {
    throw new VeilError('request.invalid', 'The property value must be valid JSON', [
      { path: 'value', message: 'is required' },
    ]);
  }
  if (text.length > maxValueLength) {
    throw new VeilError(
      'request.invalid',
      `The property value must be at most ${maxValueLength} characters`,
      [{ path: 'value', message: `is longer than ${maxValueLength} characters` }],
    );
  }
  return text;
}
