import { type PersonCaller, personCaller } from '../auth/caller.ts';
import type { DirectoryEntry } from './directory-entries.ts';

/** The caller for a directory entry (no database round trip). */
export function callerFromEntry(entry: DirectoryEntry): PersonCaller {
  return personCaller(entry.account, {
    isPlatformAdmin: entry.platformAdmin,
    administeredOrganizationIds: entry.administeredOrganizationIds,
    administeredSiteIds: sitesStillAdministered(entry),
  });
}

/**
 * The sites the person administers, less those that deactivated them: an admin locked out of a site
 * by another of its admins does not manage it (nor give it back to themself) until reactivated.
 */
function sitesStillAdministered(entry: DirectoryEntry): readonly string[] {
  const { administeredSiteIds, links } = entry;
  const isOpen = (siteId: string) => !links.get(siteId)?.deactivatedAt;
  return administeredSiteIds.every(isOpen) ? administeredSiteIds : administeredSiteIds.filter(isOpen);
}
