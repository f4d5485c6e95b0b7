/**
 * ISO-8601 durations (`P14D`, `PT12H`, `P1Y2M3DT4H5M6.5S`, `P2W`), as the movable clock, the deletion
 * grace period and the reporting cycle are given. Pure: no I/O.
 */

/** A duration by its parts; years and months are calendar units, the rest exact. */
export interface Duration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

export type DurationParse =
  | { readonly ok: true; readonly duration: Duration }
  | { readonly ok: false; readonly reason: 'malformed' | 'negative' | 'too-long' };

const pattern =
  /^P(?:(\d{1,6})Y)?(?:(\d{1,6})M)?(?:(\d{1,6})W)?(?:(\d{1,7})D)?(?:T(?:(\d{1,8})H)?(?:(\d{1,9})M)?(?:(\d{1,10}(?:[.,]\d{1,9})?)S)?)?$/;

/** The longest duration accepted: one hundred years, far from where dates stop being representable. */
const longestMs = 100 * 366 * 24 * 3600 * 1000;

/** Reads an ISO-8601 duration; a leading `-` is `negative`, anything else unreadable is `malformed`. */
export function parseDuration(text: string): DurationParse {
  const trimmed = text.trim().toUpperCase();
  if (/^-P/.test(trimmed)) return { ok: false, reason: 'negative' };
  const match = pattern.exec(trimmed);
  // `P` and `PT` alone name no amount at all.
  if (!match || trimmed === 'P' || trimmed.endsWith('T')) return { ok: false, reason: 'malformed' };
  const number = (index: number) => Number((match[index] ?? '0').replace(',', '.'));
  const duration: Duration = {
    years: number(1),
    months: number(2),
    weeks: number(3),
    days: number(4),
    hours: number(5),
    minutes: number(6),
    seconds: number(7),
  };
  if (nominalMilliseconds(duration) > longestMs) return { ok: false, reason: 'too-long' };
  return { ok: true, duration };
}

/** The instant `duration` after `from`: calendar months and years, then exact weeks down to seconds. */
export function addDuration(from: Date, duration: Duration): Date {
  const shifted = new Date(from.getTime());
  const months = duration.years * 12 + duration.months;
  if (months > 0) {
    const day = shifted.getUTCDate();
    shifted.setUTCDate(1);
    shifted.setUTCMonth(shifted.getUTCMonth() + months);
    // 31 January + 1 month is the last day of February, not 3 March.
    const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
    shifted.setUTCDate(Math.min(day, lastDay));
  }
  return new Date(shifted.getTime() + exactMilliseconds(duration));
}

/** The milliseconds of the exact parts (weeks, days, hours, minutes, seconds). */
function exactMilliseconds(duration: Duration): number {
  const seconds =
    ((duration.weeks * 7 + duration.days) * 24 + duration.hours) * 3600 +
    duration.minutes * 60 +
    duration.seconds;
  return Math.round(seconds * 1000);
}

/** Milliseconds with a year of 365 days and a month of 30: for limits and headers, never for dates. */
export function nominalMilliseconds(duration: Duration): number {
  return (duration.years * 365 + duration.months * 30) * 24 * 3600 * 1000 + exactMilliseconds(duration);
}

/** A duration of whole seconds, written the shortest way (`P14D`, `PT1H30M`, `PT0S`). */
export function formatSeconds(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (days === 0 && time === '') return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
