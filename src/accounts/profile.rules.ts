import type { ErrorDetail } from '../errors/veil-error.ts';

/** Lower-cased email, the form uniqueness and domain matching use. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The part after the `@`, lower-cased; organizations verify these. */
export function emailDomainOf(email: string): string {
  return normalizeEmail(email).split('@').pop() ?? '';
}

const emailPattern = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]+$/;

/** Whether `value` looks like an email address (one `@`, a dotted domain, no spaces). */
export function isPlausibleEmail(value: string): boolean {
  return value.length <= 254 && emailPattern.test(value);
}

/** Whether `value` is an IANA time zone this runtime knows. */
export function isKnownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Whether `value` is a well-formed BCP 47 locale tag (`en-AU`; `en_AU` is accepted too). */
export function isWellFormedLocale(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value.replace('_', '-')).length === 1;
  } catch {
    return false;
  }
}

/** The public name a person gets when none is given: the first word of the full name. */
export function defaultPublicName(fullName: string): string {
  return fullName.trim().split(/\s+/)[0] ?? fullName;
}

export interface ProfileValues {
  email?: string | null | undefined;
  fullName?: string | undefined;
  publicName?: string | undefined;
  timeZone?: string | null | undefined;
  locale?: string | null | undefined;
}

/** Problems with profile values that a JSON schema cannot see; `at` prefixes each path. */
export function findProfileProblems(values: ProfileValues, at = ''): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (field: string, message: string) => problems.push({ path: `${at}${field}`, message });
  if (values.email != null && !isPlausibleEmail(values.email)) add('email', 'is not an email address');
  if (values.fullName !== undefined && values.fullName.trim() === '') add('fullName', 'must not be empty');
  if (values.publicName !== undefined && values.publicName.trim() === '')
    add('publicName', 'must not be empty');
  if (values.timeZone != null && !isKnownTimeZone(values.timeZone))
    add('timeZone', 'is not an IANA time zone');
  if (values.locale != null && !isWellFormedLocale(values.locale))
    add('locale', 'is not a locale tag such as en-AU');
  return problems;
}
