/** Comments on the wire (the spec's `Comment`): author and updateAuthor rendered for the caller, mentions named now. */

import type { Issue, IssueComment } from './issues.model.ts';
import { issueSelf } from './issues.representation.ts';
import { mentionedAccountIds, renderHtml, renderRichText } from './mentions.ts';
import type { People } from './people.representation.ts';
import { trackerTime } from './time.ts';

/** Every accountId the comments show (authors, mentions). */
export function peopleOfComments(comments: readonly IssueComment[]): (string | null)[] {
  return comments.flatMap((c) => [c.authorId, c.updateAuthorId, ...mentionedAccountIds(c.body)]);
}

export function renderComment(people: People, issue: Issue, comment: IssueComment, rendered = false) {
  const { site, version } = people.audience;
  const author = people.details(comment.authorId);
  const updateAuthor = people.details(comment.updateAuthorId);
  return {
    self: `${issueSelf(site.baseUrl, version, issue.id)}/comment/${comment.id}`,
    id: comment.id,
    ...(author ? { author } : {}),
    body: renderRichText(comment.body, version, people.name),
    ...(rendered ? { renderedBody: renderHtml(comment.body, people.name, people.url) } : {}),
    ...(updateAuthor ? { updateAuthor } : {}),
    created: trackerTime(comment.created),
    updated: trackerTime(comment.updated),
    ...(comment.visibility
      ? {
          visibility: {
            type: comment.visibility.type,
            value: comment.visibility.value,
            identifier: comment.visibility.value,
          },
        }
      : {}),
    jsdPublic: true,
  };
}
