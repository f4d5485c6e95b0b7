/** Loading what a page shows from the API: one hook for every page, the person's and the admin console's. */
import { useEffect, useState } from 'preact/hooks';
import { describeFailure } from './api.ts';

/** A loaded value (null until the first answer), why loading failed, and how to load it again. */
export interface Loaded<T> {
  readonly value: T | null;
  readonly problem: string | null;
  reload(): void;
  replace(value: T): void;
}

/**
 * Hook: the value `load` fetches, fetched again when `deps` change or `reload` is called. The value shown
 * stays until the next answer; only the answer to the newest load is kept, whatever order answers come
 * back in.
 */
export function useLoaded<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [value, setValue] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  // `load` is rebuilt on every render; `deps` say when it changes.
  useEffect(() => {
    let newest = true;
    load()
      .then((loaded) => {
        if (!newest) return;
        setValue(loaded);
        setProblem(null);
      })
      .catch((error: unknown) => newest && setProblem(describeFailure(error)));
    return () => {
      newest = false;
    };
  }, [...deps, round]);
  return { value, problem, reload: () => setRound((n) => n + 1), replace: setValue };
}
