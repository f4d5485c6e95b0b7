/**
 * The views the directory keeps beside each entry: one per relation, decided once through the one
 * decision, with the words it can be found by and the key searches order it by. An entry is replaced
 * (never changed) when its account changes, so a kept view can never be older than its entry.
 */
import {
  decideProfileViewForRelation,
  type ProfileSubject,
  type Relation,
  relationOf,
  statusOnSite,
  type Viewer,
} from '../visibility/visibility.ts';
import { type DecidedView, entryToProfileSubject, type StoredEntry } from './directory-entries.ts';
import { searchTermsOf } from './search-terms.ts';

/** What the one decision needs to know of a stored entry, worked out on first use. */
export function subjectOfStored(stored: StoredEntry): ProfileSubject {
  stored.subject ??= entryToProfileSubject(stored);
  return stored.subject;
}

/** The view of the account for `viewer` on `siteId` (`null`: no site), and its search words and key. */
export function decidedForViewer(stored: StoredEntry, viewer: Viewer, siteId: string | null): DecidedView {
  const subject = subjectOfStored(stored);
  const decided = decidedForRelation(stored, relationOf(subject, viewer));
  if (statusOnSite(subject, siteId) === subject.status) return decided;
  // Every site that deactivated the person shows the same view: one more per relation, kept beside it.
  decided.onDeactivatedSite ??= {
    ...decided,
    view: decideProfileViewForRelation(subject, decided.relation, siteId),
    onDeactivatedSite: undefined,
  };
  return decided.onDeactivatedSite;
}

/** The view of the account for a viewer in `relation` (where no site deactivated it). */
export function decidedForRelation(stored: StoredEntry, relation: Relation): DecidedView {
  const subject = subjectOfStored(stored);
  stored.decided ??= [];
  for (const decided of stored.decided) if (decided.relation === relation) return decided;
  const view = decideProfileViewForRelation(subject, relation);
  const terms = searchTermsOf({
    fullName: view.displayName,
    publicName: view.publicName,
    email: view.email ?? null,
  });
  const decided: DecidedView = { relation, view, terms, sortKey: view.displayName.toLowerCase() };
  stored.decided.push(decided);
  return decided;
}
