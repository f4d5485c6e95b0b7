/** Where every part of Veil gets the time, so tests and scenarios can move it. */
export interface Clock {
  now(): Date;
}

/** A clock that can be moved forward (`--movable-clock`, tests); never back. */
export interface MovableTime extends Clock {
  /** Moves the clock forward by `milliseconds` and returns the new time. */
  advance(milliseconds: number): Date;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

function assertForward(milliseconds: number): void {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) {
    throw new RangeError('the clock only moves forward');
  }
}

/** A clock that stands still until it is moved; used by tests. */
export class ManualClock implements MovableTime {
  #current: number;

  constructor(start: Date = new Date()) {
    this.#current = start.getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  /** Moves the clock forward by `milliseconds`; it never goes back. */
  advance(milliseconds: number): Date {
    assertForward(milliseconds);
    this.#current += milliseconds;
    return this.now();
  }
}

/**
 * The clock of `veil start --movable-clock`: it runs with the base clock and can be put ahead of it,
 * so a running Veil lives through a 14-day grace period in one request and keeps ticking afterwards.
 */
export class MovableClock implements MovableTime {
  readonly #base: Clock;
  #offset = 0;

  constructor(base: Clock = systemClock) {
    this.#base = base;
  }

  now(): Date {
    return new Date(this.#base.now().getTime() + this.#offset);
  }

  /** Puts the clock `milliseconds` further ahead of the base clock. */
  advance(milliseconds: number): Date {
    assertForward(milliseconds);
    this.#offset += milliseconds;
    return this.now();
  }

  /** Takes back an offset kept from before a restart (never less than the current one). */
  restoreOffset(milliseconds: number): void {
    if (Number.isFinite(milliseconds) && milliseconds > this.#offset) this.#offset = milliseconds;
  }

  /** How far ahead of the base clock this clock is, in milliseconds. */
  get offset(): number {
    return this.#offset;
  }

  /** The base clock's time: what the world outside Veil (an app signing a token) thinks it is. */
  baseNow(): Date {
    return this.#base.now();
  }
}

/**
 * The times a token made outside Veil may be checked at: Veil's now and, when the clock was moved ahead
 * (`--movable-clock`), also the wall clock's, by which apps sign. Without this, a token an app made a
 * second ago would look fourteen days old once an app vendor moved the clock to live through a grace
 * period, and the app could not call Veil at all.
 */
export function outsideInstants(clock: Clock): readonly Date[] {
  const now = clock.now();
  return clock instanceof MovableClock && clock.offset > 0 ? [now, clock.baseNow()] : [now];
}

/** Whether the clock can be moved (the clock endpoints exist only then). */
export function isMovable(clock: Clock): clock is MovableTime {
  return typeof (clock as Partial<MovableTime>).advance === 'function';
}
