/** The fields, functions and reserved words of the JQL Veil's tracker takes, as `/jql/autocompletedata` lists them. */

const userOperators = [
  '=',
  '!=',
  'was',
  'was in',
  'was not',
  'was not in',
  'in',
  'not in',
  'is',
  'is not',
  'changed',
];
const textOperators = ['~', '!~', 'is', 'is not'];
const listOperators = ['=', '!=', 'in', 'not in', 'is', 'is not'];
const dateOperators = ['=', '!=', '>', '>=', '<', '<=', 'is', 'is not', 'in', 'not in'];

/** The user fields: suggestions for them are people. */
export const userFieldNames: ReadonlySet<string> = new Set([
  'assignee',
  'reporter',
  'creator',
  'watcher',
  'voter',
]);

function field(value: string, displayName: string, types: string[], operators: string[], auto: boolean) {
  return {
    value,
    displayName,
    orderable: 'true',
    searchable: 'true',
    auto: auto ? 'true' : 'false',
    operators,
    types,
  };
}

function jqlFunction(value: string, types: string[], isList: boolean) {
  return {
    value,
    displayName: value,
    isList: isList ? 'true' : 'false',
    supportsListAndSingleValueOperators: 'false',
    types,
  };
}

const user = 'com.atlassian.jira.user.ApplicationUser';

export const jqlReferenceData = Object.freeze({
  visibleFieldNames: [
    field('assignee', 'assignee', [user], userOperators, true),
    field('reporter', 'reporter', [user], userOperators, true),
    field('creator', 'creator', [user], userOperators, true),
    field('watcher', 'watcher', [user], ['=', '!=', 'in', 'not in', 'is', 'is not'], true),
    field('voter', 'voter', [user], ['=', '!=', 'in', 'not in'], true),
    field('project', 'project', ['com.atlassian.jira.project.Project'], listOperators, true),
    field('status', 'status', ['com.atlassian.jira.issue.status.Status'], userOperators, true),
    field('issuetype', 'issuetype', ['com.atlassian.jira.issue.issuetype.IssueType'], listOperators, true),
    field('summary', 'summary', ['java.lang.String'], textOperators, false),
    field('description', 'description', ['java.lang.String'], textOperators, false),
    field('text', 'text', ['java.lang.String'], ['~'], false),
    field('labels', 'labels', ['com.atlassian.jira.issue.label.Label'], listOperators, true),
    field('priority', 'priority', ['com.atlassian.jira.issue.priority.Priority'], listOperators, true),
    field('created', 'created', ['java.util.Date'], dateOperators, false),
    field('updated', 'updated', ['java.util.Date'], dateOperators, false),
    field('key', 'key', ['com.atlassian.jira.issue.Issue'], dateOperators, false),
  ],
  visibleFunctionNames: [
    jqlFunction('currentUser()', [user], false),
    jqlFunction('membersOf()', [user], true),
    jqlFunction('now()', ['java.util.Date'], false),
    jqlFunction('startOfDay()', ['java.util.Date'], false),
    jqlFunction('endOfDay()', ['java.util.Date'], false),
    jqlFunction('issueHistory()', ['com.atlassian.jira.issue.Issue'], true),
  ],
  jqlReservedWords: [
    'and',
    'or',
    'not',
    'empty',
    'null',
    'order',
    'by',
    'asc',
    'desc',
    'in',
    'is',
    'was',
    'changed',
  ],
});
