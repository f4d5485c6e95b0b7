/**
 * The demo's default site follows the address Veil listens on: its links (`self`, avatars, the
 * `baseUrl` apps are told) must point where Veil really answers, whatever port it was started on.
 */
import { createServer } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { holdsScenario } from '../scenarios/scenario.loader.ts';
import type { Scenario } from '../scenarios/scenario.schemas.ts';
import { updateSite } from '../sites/site-settings.service.ts';

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The port Veil will listen on: the one configured, or (port 0) one the system has free now. */
export async function choosePort(host: string, port: number): Promise<number> {
  if (port !== 0) return port;
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const free = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(free));
    });
  });
}

/** The URL a client reaches Veil at, listening on `host` and `port`. */
export function listenUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

/**
 * Points the demo's default site at `url` when the store holds the demo and the site still has a
 * loopback address (the demo's, or the one of an earlier start); a site an admin moved elsewhere, and
 * every site of a scenario file, keep theirs. Returns the site's base URL, or null (no demo here).
 */
export async function followListenAddress(
  db: Kysely<Database>,
  demo: Scenario,
  url: string,
): Promise<string | null> {
  const demoSite = demo.sites?.find((site) => site.default === true);
  if (!demoSite || !(await holdsScenario(db, demo))) return null;
  const row = await db
    .selectFrom('sites')
    .select('base_url')
    .where('site_id', '=', demoSite.id)
    .executeTakeFirst();
  if (!row) return null;
  if (!loopbackHosts.has(new URL(row.base_url).hostname) || row.base_url === url) return row.base_url;
  await updateSite(db, demoSite.id, { baseUrl: url });
  return url;
}
