import { Type } from 'typebox';
import { isValidAccountId } from '../accounts/account-id.ts';
import { VeilError } from '../errors/veil-error.ts';

/** The 400 of a call that must name a user by accountId and names none (`missing` says what is missing). */
export function accountIdRequired(missing = 'The accountId query parameter needs to be provided'): VeilError {
  return new VeilError('request.invalid', missing, [{ path: 'accountId', message: 'is required' }]);
}

/** A single accountId (the query parameter, unless `missing` says otherwise) that must be present and well formed. */
export function readAccountIdParameter(raw: string | undefined, missing?: string): string {
  if (raw === undefined || raw === '') throw accountIdRequired(missing);
  if (!isValidAccountId(raw)) {
    throw new VeilError('account.invalid_id', 'accountId must be 1 to 128 letters, digits, "-" or ":"', [
      { path: 'accountId', message: 'is not an accountId' },
    ]);
  }
  return raw;
}

/**
 * All values of a multi-valued parameter, however the client sent them: repeated (`a=1&a=2`),
 * comma-joined (`a=1,2` or `a=1%2C2`), or jira.js 5's double-encoded `a=1%26a%3D2`. None of these
 * separators can occur inside an accountId, so splitting on them is safe.
 */
export function readMultiValue(raw: unknown, name: string): string[] {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)];
  return values
    .flatMap((value) => value.split(new RegExp(`&${name}=|,`)))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

/**
 * The contract of every list parameter of the user APIs (`expand`, `accountId`, `projectKeys`,
 * `permissions`, …): one value or many, as the query string has them (a single value is coerced to a
 * list), always read with `readMultiValue`, so repeated, comma-joined and encoded-comma forms mean the same.
 */
export const ListParameter = Type.Optional(
  Type.Array(Type.String(), { description: 'Repeated (a=1&a=2) or comma-separated (a=1,2)' }),
);

/** The `expand` parameter, repeated or comma-separated, as a set of names. */
export function readExpand(raw: string | readonly string[] | undefined): Set<string> {
  return new Set(readMultiValue(raw, 'expand'));
}
