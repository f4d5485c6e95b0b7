import type { OrganizationData } from './directory.repository.ts';

/** The directory's organizations, and which organization owns each email domain. */
export class OrganizationIndex {
  readonly #domainOwners = new Map<string, string>();
  readonly #organizations = new Map<string, { id: string; name: string; domains: string[] }>();

  /**
   * Replaces the organizations reloaded (`ids`; `null`: all of them) with what the store holds now, and
   * returns the email domains whose owner may have changed.
   */
  replace(ids: readonly string[] | null, { organizations, domains }: OrganizationData): Set<string> {
    const touched = new Set<string>();
    for (const [domain, owner] of this.#domainOwners) {
      if (ids === null || ids.includes(owner)) {
        this.#domainOwners.delete(domain);
        touched.add(domain);
      }
    }
    for (const id of ids ?? [...this.#organizations.keys()]) this.#organizations.delete(id);
    for (const row of organizations) {
      const own = domains.filter((d) => d.organization_id === row.organization_id).map((d) => d.domain);
      this.#organizations.set(row.organization_id, { id: row.organization_id, name: row.name, domains: own });
      for (const domain of own) {
        this.#domainOwners.set(domain, row.organization_id);
        touched.add(domain);
      }
    }
    return touched;
  }

  /** The organization that owns the email domain, if any. */
  ownerOf(domain: string): string | undefined {
    return this.#domainOwners.get(domain);
  }

  name(organizationId: string): string | undefined {
    return this.#organizations.get(organizationId)?.name;
  }
}
