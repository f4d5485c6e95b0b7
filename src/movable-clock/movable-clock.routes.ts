import { Type } from 'typebox';
import { requirePlatformAdmin } from '../auth/caller.ts';
import { MovableClock, type MovableTime } from '../clock/clock.ts';
import { addDuration, parseDuration } from '../clock/duration.ts';
import { isStorableInstant, latestInstant } from '../clock/instant.ts';
import type { StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { saveClockOffset } from './movable-clock.repository.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

const ClockView = Type.Object(
  { now: Type.String({ format: 'date-time', description: "Veil's current time" }) },
  { $id: 'Clock' },
);

const AdvanceBody = Type.Object(
  {
    duration: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'An ISO-8601 duration such as P14D, PT12H or P1M',
    }),
  },
  { additionalProperties: false },
);

const AdvanceResult = Type.Object({
  now: Type.String({ format: 'date-time' }),
  previous: Type.String({ format: 'date-time' }),
});

/**
 * The movable clock (`veil start --movable-clock`): read it, and move it forward; work that falls due
 * runs before the answer. Registered only with the flag, so a production Veil has no such endpoint.
 */
export function registerClockRoutes(
  app: VeilApp,
  deps: Deps,
  clock: MovableTime,
  runDue: () => Promise<void>,
) {
  const tags = ['clock'];
  app.get(
    '/veil/v1/clock',
    { schema: { tags, summary: "Veil's current time", response: { 200: ClockView, ...veilErrors } } },
    async () => ({ now: deps.clock.now().toISOString() }),
  );

  app.post(
    '/veil/v1/clock/advance',
    {
      schema: {
        tags,
        summary: 'Move the clock forward and run what falls due (platform admins)',
        body: AdvanceBody,
        response: { 200: AdvanceResult, ...veilErrors },
      },
    },
    async (request) => {
      requirePlatformAdmin(request.caller);
      const parsed = parseDuration(request.body.duration);
      if (!parsed.ok) throw durationProblem(request.body.duration, parsed.reason);
      const previous = clock.now();
      const next = addDuration(previous, parsed.duration);
      // Checked before the clock moves: a time the store cannot hold would break every later write.
      if (!isStorableInstant(next)) throw beyondStorableTime();
      clock.advance(next.getTime() - previous.getTime());
      if (clock instanceof MovableClock) await saveClockOffset(deps.db, clock.offset, clock.now());
      // Work that fell due in the skipped time runs before the answer, as it would have on time.
      await runDue();
      return { now: clock.now().toISOString(), previous: previous.toISOString() };
    },
  );
}

function durationProblem(text: string, reason: 'malformed' | 'negative' | 'too-long'): VeilError {
  if (reason === 'negative') {
    return new VeilError('clock.backwards', 'The clock only moves forward', [
      { path: 'body.duration', message: 'is negative' },
    ]);
  }
  const message =
    reason === 'too-long'
      ? 'is longer than one hundred years'
      : `"${text.slice(0, 64)}" is not an ISO-8601 duration such as P14D or PT12H`;
  return new VeilError('clock.invalid_duration', 'The duration is not valid', [
    { path: 'body.duration', message },
  ]);
}

function beyondStorableTime(): VeilError {
  return new VeilError('clock.out_of_range', 'The clock was not moved: Veil cannot store a time that late', [
    { path: 'body.duration', message: `would move the clock past ${latestInstant.toISOString()}` },
  ]);
}
