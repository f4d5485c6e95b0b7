import type { StoreConfig } from '../src/config/config.ts';
import { openStore } from '../src/db/store.ts';
import { Directory } from '../src/directory/directory.ts';
import { callerFromEntry } from '../src/http/caller.ts';
import { renderTrackerUser } from '../src/tracker/users.representation.ts';
import { percentile } from './measure.ts';
import { benchCaller } from './world-rows.ts';

/**
 * Times what a user search does, without HTTP: candidates from the directory's index, kept where a
 * term of the viewer's view starts with the query, active and on the site, sorted by display name,
 * the first 50 rendered. For when the search route is not served yet.
 */
export async function measureSearchInProcess(
  config: StoreConfig,
  prefixes: readonly string[],
): Promise<string> {
  const store = await openStore(config);
  try {
    const opened = performance.now();
    const directory = await Directory.open(store.db, store.listen);
    const openMs = performance.now() - opened;
    const callerEntry = directory.entry(benchCaller.accountId);
    const site = directory.siteForHost('bench.localhost');
    if (!callerEntry || !site) throw new Error('the world has no bench caller or site');
    const viewer = callerFromEntry(callerEntry).viewer;
    const search = (query: string) => {
      const q = query.toLowerCase();
      const matches = [];
      for (const id of directory.searchCandidates(q)) {
        const entry = directory.entry(id);
        if (entry?.account.status !== 'active' || !entry.links.has(site.id)) continue;
        if (directory.termsOf(entry, viewer).some((term) => term.startsWith(q))) matches.push(entry);
      }
      const named = matches.map((entry) => ({ entry, name: directory.viewOf(entry, viewer).displayName }));
      named.sort((a, b) => a.name.localeCompare(b.name));
      return named
        .slice(0, 50)
        .map(({ entry }) => renderTrackerUser(directory, entry, viewer, site, { version: '3' }));
    };
    for (const prefix of prefixes) search(prefix);
    const times: number[] = [];
    const started = performance.now();
    for (let round = 0; round < 5; round++) {
      for (const prefix of prefixes) {
        const t = performance.now();
        search(prefix);
        times.push(performance.now() - t);
      }
    }
    const elapsed = (performance.now() - started) / 1000;
    const sorted = Float64Array.from(times).sort();
    return (
      `directory loaded ${directory.size} accounts in ${(openMs / 1000).toFixed(2)} s; ` +
      `${times.length} searches, one at a time: ${(times.length / elapsed).toFixed(0)} searches/s, ` +
      `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(sorted, 0.99).toFixed(2)} ms`
    );
  } finally {
    await store.close();
  }
}
