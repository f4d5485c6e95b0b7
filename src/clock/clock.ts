/** Where every part of Veil gets the time, so tests and scenarios can move it. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => new Date() });

/** A clock that stands still until it is moved; used by tests and by `--movable-clock`. */
export class ManualClock implements Clock {
  #current: number;

  constructor(start: Date = new Date()) {
    this.#current = start.getTime();
  }

  now(): Date {
    return new Date(this.#current);
  }

  /** Moves the clock forward by `milliseconds`; it never goes back. */
  advance(milliseconds: number): Date {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('the clock only moves forward');
    }
    this.#current += milliseconds;
    return this.now();
  }
}
