/**
 * Instants as Veil reads them from people (the API, scenario files): one parser for both, so a date the
 * API refuses is never quietly taken by a scenario as another day.
 */

/** The last instant Veil can store and print as an ISO 8601 date (PostgreSQL and `toISOString` agree up to here). */
export const latestInstant = new Date('9999-12-31T23:59:59.999Z');

const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

const daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether year, month and day name a day of the calendar (no 30 February, no 31 April). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const last = month === 2 && isLeapYear(year) ? 29 : (daysInMonth[month - 1] ?? 0);
  return day <= last;
}

/**
 * An ISO 8601 instant with its offset (`2027-01-01T00:00:00Z`, `2027-01-01T02:00+02:00`), else undefined:
 * a day the calendar lacks, an hour past 23 or an instant after `latestInstant` is no instant.
 */
export function parseInstant(given: string): Date | undefined {
  // RFC 3339 lets the separator be a space and the letters be lower case; the pattern reads one spelling.
  const text = given.replace(/^(\d{4}-\d{2}-\d{2})[ t]/, '$1T').replace(/z$/, 'Z');
  const match = isoInstant.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second = 0, offsetHours = 0, offsetMinutes = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part)));
  if (!isCalendarDay(year ?? 0, month ?? 0, day ?? 0)) return undefined;
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59)
    return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time) || time > latestInstant.getTime()) return undefined;
  return new Date(time);
}

/** Whether `date` is an instant Veil can store (not after `latestInstant`). */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return Number.isFinite(time) && time <= latestInstant.getTime();
}
