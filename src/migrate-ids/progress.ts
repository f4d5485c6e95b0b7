/**
 * The progress of a run on standard error: a bar redrawn in place on a terminal, and on anything else
 * (a log, a test) a line each time another 5% of the rows is done.
 */
export interface ProgressOutput {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const barWidth = 30;

export class ProgressBar {
  readonly #out: ProgressOutput;
  readonly #total: number;
  readonly #now: () => number;
  readonly #started: number;
  #lastDraw = 0;
  #lastStep = -1;

  constructor(out: ProgressOutput, total: number, now: () => number) {
    this.#out = out;
    this.#total = total;
    this.#now = now;
    this.#started = now();
  }

  /** Shows that `done` rows of the total are finished, `mapped` of them with an accountId. */
  update(done: number, mapped: number, final = false): void {
    const share = this.#total === 0 ? 1 : done / this.#total;
    if (this.#out.isTTY) {
      const now = this.#now();
      if (!final && now - this.#lastDraw < 100) return;
      this.#lastDraw = now;
      const filled = Math.round(share * barWidth);
      const seconds = Math.max((now - this.#started) / 1000, 0.001);
      const rate = Math.round(done / seconds);
      this.#out.write(
        `\r[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${this.#total} rows (${Math.floor(share * 100)}%), ${mapped} mapped, ${rate} rows/s${final ? '\n' : ''}`,
      );
      return;
    }
    const step = Math.floor(share * 20);
    if (step === this.#lastStep && !final) return;
    this.#lastStep = step;
    this.#out.write(
      `progress: ${done}/${this.#total} rows (${Math.floor(share * 100)}%), ${mapped} mapped\n`,
    );
  }
}
