/** Watchers and votes of an issue: accountIds in their own tables, which an erasure deletes. */
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { isAssignableEntry } from './issues.access.ts';
import type { Issue } from './issues.model.ts';
import { addIssuePerson, removeIssuePerson } from './issues.repository.ts';
import type { Deps } from './issues.service.ts';

function userNotValid(accountId: string): VeilError {
  return new VeilError('request.invalid', `The user '${accountId}' is not a user of this site.`, [
    { path: 'accountId', message: `The user '${accountId}' is not a user of this site.` },
  ]);
}

/** Adds a watcher: an active person with the tracker on the site. */
export async function addWatcher(deps: Deps, site: Site, issue: Issue, accountId: string): Promise<void> {
  const entry = await deps.directory.entry(accountId);
  if (!isAssignableEntry(site, entry ?? undefined)) throw userNotValid(accountId);
  await addIssuePerson(deps.db, 'issue_watchers', issue.id, accountId);
}

/** Removes a watcher (one who was not watching: nothing to do). */
export async function removeWatcher(deps: Deps, issue: Issue, accountId: string): Promise<void> {
  await removeIssuePerson(deps.db, 'issue_watchers', issue.id, accountId);
}

/** Records the person's vote. */
export async function addVote(deps: Deps, issue: Issue, accountId: string): Promise<void> {
  await addIssuePerson(deps.db, 'issue_votes', issue.id, accountId);
}

/** Withdraws the person's vote. */
export async function removeVote(deps: Deps, issue: Issue, accountId: string): Promise<void> {
  await removeIssuePerson(deps.db, 'issue_votes', issue.id, accountId);
}
