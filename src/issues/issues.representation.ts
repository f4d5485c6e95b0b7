/**
 * An issue as the tracker's `IssueBean`, for one caller: every person in it (fields, changelog, mentions
 * in text) rendered from the directory's decided view at read time. Pure, given the people loaded.
 */
import { peopleOfHistories, renderHistory } from './changelog.representation.ts';
import type { IssueDetails } from './issue-reads.service.ts';
import type { Issue } from './issues.model.ts';
import { mentionedAccountIds, renderHtml, renderRichText } from './mentions.ts';
import type { People } from './people.representation.ts';
import { trackerTime } from './time.ts';
import { statusInfo } from './workflow.ts';

const priorityIds: Record<string, string> = { Highest: '1', High: '2', Medium: '3', Low: '4', Lowest: '5' };

/** Every accountId an issue's representation shows (fields, user fields, mentions, changelog). */
export function peopleOfIssue(issue: Issue, details: IssueDetails): string[] {
  return [
    ...[issue.reporterId, issue.assigneeId, issue.creatorId].filter((id): id is string => id !== null),
    ...[...details.custom.values()].flat(),
    ...(issue.description ? mentionedAccountIds(issue.description) : []),
    ...peopleOfHistories(details.histories ?? []),
  ];
}

export function issueSelf(base: string, version: string, issueId: string): string {
  return `${base}/rest/api/${version}/issue/${issueId}`;
}

function systemFields(people: People, issue: Issue, details: IssueDetails) {
  const { site, version } = people.audience;
  const api = `${site.baseUrl}/rest/api/${version}`;
  const type = details.types.find((t) => t.id === issue.typeId);
  const status = statusInfo(issue.status);
  const project = site.projects.find((p) => p.key === issue.projectKey);
  return {
    summary: issue.summary,
    description: issue.description ? renderRichText(issue.description, version, people.name) : null,
    issuetype: {
      self: `${api}/issuetype/${issue.typeId}`,
      id: issue.typeId,
      name: type?.name ?? issue.typeId,
      subtask: false,
      hierarchyLevel: 0,
    },
    project: {
      self: `${api}/project/${issue.projectId}`,
      id: issue.projectId,
      key: issue.projectKey,
      name: project?.name ?? issue.projectKey,
      projectTypeKey: 'software',
    },
    status: {
      self: `${api}/status/${status.id}`,
      id: status.id,
      name: status.name,
      statusCategory: { self: `${api}/statuscategory/${status.category.id}`, ...status.category },
    },
    priority: {
      self: `${api}/priority/${priorityIds[issue.priority] ?? '3'}`,
      id: priorityIds[issue.priority] ?? '3',
      name: issue.priority,
    },
    labels: [...issue.labels],
    reporter: people.user(issue.reporterId),
    assignee: people.user(issue.assigneeId),
    creator: people.user(issue.creatorId),
    created: trackerTime(issue.created),
    updated: trackerTime(issue.updated),
  };
}

function customFieldValues(people: People, details: IssueDetails) {
  const fields: Record<string, unknown> = {};
  for (const field of details.customFields) {
    const ids = details.custom.get(field.id) ?? [];
    fields[`customfield_${field.id}`] =
      field.type === 'multiuser'
        ? ids.length === 0
          ? null
          : ids.map((id) => people.user(id)).filter((u) => u !== null)
        : people.user(ids[0] ?? null);
  }
  return fields;
}

function peopleCounts(people: People, issue: Issue, details: IssueDetails, callerId: string | null) {
  const self = issueSelf(people.audience.site.baseUrl, people.audience.version, issue.key);
  return {
    watches: {
      self: `${self}/watchers`,
      watchCount: details.watchers.length,
      isWatching: callerId !== null && details.watchers.includes(callerId),
    },
    votes: {
      self: `${self}/votes`,
      votes: details.voters.length,
      hasVoted: callerId !== null && details.voters.includes(callerId),
    },
  };
}

function names(details: IssueDetails): Record<string, string> {
  const base: Record<string, string> = {
    summary: 'Summary',
    description: 'Description',
    issuetype: 'Issue Type',
    project: 'Project',
    status: 'Status',
    priority: 'Priority',
    labels: 'Labels',
    reporter: 'Reporter',
    assignee: 'Assignee',
    creator: 'Creator',
    created: 'Created',
    updated: 'Updated',
    watches: 'Watchers',
    votes: 'Votes',
  };
  for (const field of details.customFields) base[`customfield_${field.id}`] = field.name;
  return base;
}

function renderedFields(people: People, issue: Issue) {
  return {
    description: issue.description ? renderHtml(issue.description, people.name, people.url) : null,
    created: trackerTime(issue.created),
    updated: trackerTime(issue.updated),
  };
}

/** The issue as an `IssueBean` for the caller; `expand` names what to add (changelog, renderedFields, names). */
export function renderIssue(
  people: People,
  issue: Issue,
  details: IssueDetails,
  options: { expand: ReadonlySet<string>; callerId: string | null },
) {
  const { site, version } = people.audience;
  const histories = details.histories;
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: issueSelf(site.baseUrl, version, issue.id),
    key: issue.key,
    fields: {
      ...systemFields(people, issue, details),
      ...customFieldValues(people, details),
      ...peopleCounts(people, issue, details, options.callerId),
    },
    ...(options.expand.has('renderedFields') ? { renderedFields: renderedFields(people, issue) } : {}),
    ...(options.expand.has('names') ? { names: names(details) } : {}),
    ...(histories
      ? {
          changelog: {
            startAt: 0,
            maxResults: histories.length,
            total: histories.length,
            histories: histories.map((h) => renderHistory(people, h)),
          },
        }
      : {}),
  };
}
