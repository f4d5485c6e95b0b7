/**
 * Sending a profile to an app is what the person's access log counts, not reading it: matching, sorting
 * and previews read the directory (`viewOf`) and count nothing; a renderer that puts a user object in a
 * response or a webhook body takes its view through `viewSentTo`, which counts it.
 */
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import type { ProfileView, Viewer } from '../visibility/visibility.ts';

/** Where profiles shown to apps are counted (the composition root's `ProfileReadCounter`). */
export interface ProfileReadRecorder {
  record(appKey: string, accountId: string): void;
}

/** What a user object is rendered from: the read model, and the counter of profiles sent to apps. */
export interface UserViews {
  readonly directory: Directory;
  readonly profileReads: ProfileReadRecorder;
}

/**
 * The view of an account about to be sent to `viewer` (a user object in a response): the directory's
 * `viewOf`, and, when the viewer is an app (Connect or OAuth), one read of the person's profile counted for their access log.
 */
export function viewSentTo(
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  siteId: string | null = null,
): ProfileView {
  if (viewer.kind === 'app') users.profileReads.record(viewer.appKey, entry.account.accountId);
  // An OAuth app's reads count under its client id, as a Connect app's under its key.
  else if (viewer.kind === 'oauth-app') users.profileReads.record(viewer.clientId, entry.account.accountId);
  return users.directory.viewOf(entry, viewer, siteId);
}
