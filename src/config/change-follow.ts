/**
 * How a node follows the change log (see src/directory/change-follower.ts): `--change-poll-ms`
 * (`VEIL_CHANGE_POLL_MS`, 20 to 5000, default 200) is how often it reads the log when no NOTIFY wakes
 * it; `--change-listen off` (`VEIL_CHANGE_LISTEN=off`) polls only, for a database behind a
 * transaction-pooling proxy that cannot carry LISTEN; `--change-retention` (`VEIL_CHANGE_RETENTION`,
 * ISO-8601, default P1D) is how long the log keeps a change (a node further behind drops its cache).
 */
import { nominalMilliseconds, parseDuration } from '../clock/duration.ts';

export interface ChangeFollowSettings {
  readonly pollMs: number;
  readonly listen: boolean;
  readonly retentionMs: number;
}

export const changeFollowDefaults: ChangeFollowSettings = Object.freeze({
  pollMs: 200,
  listen: true,
  retentionMs: 24 * 60 * 60 * 1000,
});

/** The three options as given (absent: their defaults); each malformed one is a problem. */
export function parseChangeFollow(
  raw: { pollMs: string | undefined; listen: string | undefined; retention: string | undefined },
  problems: string[],
): ChangeFollowSettings {
  return Object.freeze({
    pollMs: parsePollMs(raw.pollMs, problems),
    listen: parseListen(raw.listen, problems),
    retentionMs: parseRetention(raw.retention, problems),
  });
}

function parsePollMs(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return changeFollowDefaults.pollMs;
  const pollMs = Number(raw);
  if (Number.isInteger(pollMs) && pollMs >= 20 && pollMs <= 5000) return pollMs;
  problems.push(`--change-poll-ms must be a whole number of milliseconds from 20 to 5000, not "${raw}"`);
  return changeFollowDefaults.pollMs;
}

function parseListen(raw: string | undefined, problems: string[]): boolean {
  const value = raw?.trim().toLowerCase() || 'on';
  if (value === 'on' || value === 'off') return value === 'on';
  problems.push(`--change-listen must be on or off, not "${raw}"`);
  return changeFollowDefaults.listen;
}

function parseRetention(raw: string | undefined, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return changeFollowDefaults.retentionMs;
  const parsed = parseDuration(raw);
  const ms = parsed.ok ? nominalMilliseconds(parsed.duration) : 0;
  if (ms >= 60_000) return ms;
  problems.push(
    `--change-retention must be an ISO-8601 duration of a minute or more such as P1D, not "${raw}"`,
  );
  return changeFollowDefaults.retentionMs;
}
