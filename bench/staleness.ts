/**
 * Cross-node staleness: how long after a write through node A node B serves the change. The bench caller
 * sets who may see its email through node A (`PUT /veil/v1/me/visibility`, alternately `anyone` and
 * `only-you`); the observer (a person outside the caller's organization) asks node B for the caller every
 * 5 ms until the email appears or disappears accordingly. Each sample's time runs from A's answer to the
 * first answer of B that shows the change.
 */
import { benchCaller } from './world-rows.ts';

export interface StalenessRun {
  readonly nodeA: string;
  readonly nodeB: string;
  readonly samples: number;
  /** `authorization` headers of the caller (who changes) and of the observer (who reads). */
  readonly caller: string;
  readonly observer: string;
}

export interface StalenessFigures {
  /** Milliseconds, one per sample that converged. */
  readonly latencies: readonly number[];
  /** Samples where node B still showed the old state after `giveUpMs`. */
  readonly timedOut: number;
}

const pollEveryMs = 5;
const giveUpMs = 10_000;

async function setEmailVisibility(run: StalenessRun, visibility: 'anyone' | 'only-you'): Promise<void> {
  const response = await fetch(`${run.nodeA}/veil/v1/me/visibility`, {
    method: 'PUT',
    headers: { authorization: run.caller, 'content-type': 'application/json' },
    body: JSON.stringify({ email: visibility }),
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`PUT /veil/v1/me/visibility answered ${response.status}`);
}

/** Whether node B, asked by the observer, shows the caller's email. */
async function observerSeesEmail(run: StalenessRun): Promise<boolean> {
  const response = await fetch(`${run.nodeB}/rest/api/3/user?accountId=${benchCaller.accountId}`, {
    headers: { authorization: run.observer },
  });
  const body = (await response.json()) as { emailAddress?: string };
  if (response.status !== 200) throw new Error(`GET /rest/api/3/user on node B answered ${response.status}`);
  return typeof body.emailAddress === 'string';
}

/** Milliseconds until node B shows the email (`visible`) or hides it; undefined after `giveUpMs`. */
async function untilNodeBShows(run: StalenessRun, visible: boolean): Promise<number | undefined> {
  const since = performance.now();
  while (performance.now() - since < giveUpMs) {
    if ((await observerSeesEmail(run)) === visible) return performance.now() - since;
    await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
  }
  return undefined;
}

export async function measureStaleness(run: StalenessRun): Promise<StalenessFigures> {
  // The starting state, not timed: the email hidden from the observer on both nodes.
  await setEmailVisibility(run, 'only-you');
  if ((await untilNodeBShows(run, false)) === undefined) throw new Error('node B never hid the email');
  if (await observerSeesEmail(run)) throw new Error('node B shows the email it should hide');
  const latencies: number[] = [];
  let timedOut = 0;
  for (let sample = 0; sample < run.samples; sample++) {
    const visible = sample % 2 === 0;
    await setEmailVisibility(run, visible ? 'anyone' : 'only-you');
    const took = await untilNodeBShows(run, visible);
    if (took === undefined) timedOut++;
    else latencies.push(took);
  }
  return { latencies, timedOut };
}
