/**
 * Durations as the tracker writes them (`timeSpent`): weeks, days, hours and minutes, a week being five
 * days and a day eight hours (the tracker's defaults), `3h 20m`; a bare number is minutes. Pure.
 */

const unitSeconds = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 } as const;
type Unit = keyof typeof unitSeconds;
const units: readonly Unit[] = ['w', 'd', 'h', 'm'];

/** The longest worklog Veil keeps (the database refuses more): ten years of seconds. */
export const maxTimeSpentSeconds = 315_360_000;

/** The seconds a duration string names (`1d 2h`, `90m`, `45`), or undefined when it is not one. */
export function parseTimeSpent(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[0-9]{1,9}$/.test(trimmed)) return Number(trimmed) * 60;
  const parts = trimmed.split(/\s+/);
  let seconds = 0;
  const seen = new Set<string>();
  for (const part of parts) {
    const match = /^([0-9]{1,9}(?:\.[0-9]{1,3})?)([wdhm])$/.exec(part);
    if (!match || seen.has(match[2] as string)) return undefined;
    seen.add(match[2] as string);
    seconds += Number(match[1]) * unitSeconds[match[2] as Unit];
  }
  return Math.round(seconds);
}

/** The duration string of a number of seconds (`1d 2h 30m`); under a minute, `0m`. */
export function formatTimeSpent(seconds: number): string {
  let left = Math.floor(seconds / 60) * 60;
  const parts: string[] = [];
  for (const unit of units) {
    const count = Math.floor(left / unitSeconds[unit]);
    if (count > 0) parts.push(`${count}${unit}`);
    left -= count * unitSeconds[unit];
  }
  return parts.length === 0 ? '0m' : parts.join(' ');
}
