import type { LegacyIdentity } from '../sites/legacy-identifiers.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ProfileView } from '../visibility/visibility.ts';
import type { DirectoryEntry } from './directory-entries.ts';

/**
 * The legacy identity of an account on a site as `view` (the one decision, for this viewer) lets it
 * be seen, or null (the GDPR shape). Callers pass the view they render from, so it is decided once.
 */
export function legacyIdentityOf(
  entry: DirectoryEntry,
  view: ProfileView,
  site: Site,
): LegacyIdentity | null {
  if (!view.showsLegacyIdentity) return null;
  const link = entry.links.get(site.id);
  if (!link || (link.username === null && link.userKey === null)) return null;
  return { username: link.username, userKey: link.userKey };
}
