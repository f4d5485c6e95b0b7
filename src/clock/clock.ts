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

  /** How far ahead of the base clock this clock is, in milliseconds. */
  get offset(): number {
    return this.#offset;
  }
}

/** Whether the clock can be moved (the clock endpoints exist only then). */
export function isMovable(clock: Clock): clock is MovableTime {
  return typeof (clock as Partial<MovableTime>).advance === 'function';
}
