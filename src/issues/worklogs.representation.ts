/** Worklogs on the wire (the spec's `Worklog`): author and updateAuthor rendered for the caller, mentions named now. */
import type { Issue } from './issues.model.ts';
import { issueSelf } from './issues.representation.ts';
import { mentionedAccountIds, renderRichText } from './mentions.ts';
import type { People } from './people.representation.ts';
import { trackerTime } from './time.ts';
import { formatTimeSpent } from './time-spent.ts';
import type { Worklog } from './worklogs.model.ts';

/** Every accountId the worklogs show (authors, mentions in their comments). */
export function peopleOfWorklogs(worklogs: readonly Worklog[]): (string | null)[] {
  return worklogs.flatMap((w) => [
    w.authorId,
    w.updateAuthorId,
    ...(w.comment ? mentionedAccountIds(w.comment) : []),
  ]);
}

export function renderWorklog(people: People, issue: Issue, worklog: Worklog) {
  const { site, version } = people.audience;
  const author = people.details(worklog.authorId);
  const updateAuthor = people.details(worklog.updateAuthorId);
  return {
    self: `${issueSelf(site.baseUrl, version, issue.id)}/worklog/${worklog.id}`,
    ...(author ? { author } : {}),
    ...(updateAuthor ? { updateAuthor } : {}),
    ...(worklog.comment ? { comment: renderRichText(worklog.comment, version, people.name) } : {}),
    created: trackerTime(worklog.created),
    updated: trackerTime(worklog.updated),
    ...(worklog.visibility
      ? {
          visibility: {
            type: worklog.visibility.type,
            value: worklog.visibility.value,
            identifier: worklog.visibility.value,
          },
        }
      : {}),
    started: trackerTime(worklog.started),
    timeSpent: formatTimeSpent(worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  };
}
