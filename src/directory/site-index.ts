import { cloudIdOf, type Site } from '../sites/sites.model.ts';
import { normalizeHost } from '../sites/sites.service.ts';

/** How many host names `forHost` remembers before it starts over (hosts come from requests). */
const hostCacheLimit = 1024;

/** The directory's sites: by id, by host name, and the site each host asked for answers with. */
export class SiteIndex {
  readonly #sites = new Map<string, Site>();
  readonly #hosts = new Map<string, string>();
  readonly #cloudIds = new Map<string, string>();
  readonly #hostCache = new Map<string, Site | null>();

  /** Forgets a site and its host names. */
  remove(siteId: string): void {
    const previous = this.#sites.get(siteId);
    for (const host of previous?.hosts ?? []) this.#hosts.delete(host);
    this.#sites.delete(siteId);
    this.#cloudIds.delete(cloudIdOf(siteId));
    this.#hostCache.clear();
  }

  /** Keeps a site (loaded afresh) under its id and its host names. */
  add(siteId: string, site: Site): void {
    this.#sites.set(siteId, site);
    for (const host of site.hosts) this.#hosts.set(host, siteId);
    this.#cloudIds.set(cloudIdOf(siteId), siteId);
    this.#hostCache.clear();
  }

  /** The site with this cloud id (`cloudIdOf`), if any: never the default site in its place. */
  forCloudId(cloudId: string): Site | undefined {
    const siteId = this.#cloudIds.get(cloudId.toLowerCase());
    return siteId === undefined ? undefined : this.#sites.get(siteId);
  }

  get(siteId: string): Site | undefined {
    return this.#sites.get(siteId);
  }

  /** The site answering for `host`, else the default site. */
  forHost(host: string): Site | undefined {
    const cached = this.#hostCache.get(host);
    if (cached !== undefined) return cached ?? undefined;
    if (this.#hostCache.size >= hostCacheLimit) this.#hostCache.clear();
    const site = this.#findForHost(host);
    this.#hostCache.set(host, site ?? null);
    return site;
  }

  #findForHost(host: string): Site | undefined {
    const byHost = this.#hosts.get(normalizeHost(host));
    if (byHost) return this.#sites.get(byHost);
    for (const site of this.#sites.values()) if (site.isDefault) return site;
    return undefined;
  }
}
