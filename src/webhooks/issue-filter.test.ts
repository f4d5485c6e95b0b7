import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { mayPassIssueFilter } from './issue-filter.ts';

const issue = { projectKey: 'ACME', projectId: '10000', typeId: '10002', typeName: 'Bug' };

describe('issue webhook filters', () => {
  it('decides project and issue type clauses from the issue', () => {
    assert.equal(mayPassIssueFilter('project = ACME', issue), true);
    assert.equal(mayPassIssueFilter('project = HELP', issue), false);
    assert.equal(mayPassIssueFilter('project in (HELP, acme)', issue), true);
    assert.equal(mayPassIssueFilter('project = 10000 AND issuetype = Bug', issue), true);
    assert.equal(mayPassIssueFilter('project = ACME AND issuetype != Bug', issue), false);
    assert.equal(mayPassIssueFilter('NOT project = ACME', issue), false);
    assert.equal(mayPassIssueFilter('project = HELP OR type = Bug', issue), true);
  });

  it('never drops an event on a clause it cannot decide', () => {
    assert.equal(mayPassIssueFilter('assignee = currentUser()', issue), true);
    assert.equal(mayPassIssueFilter('project = ACME AND labels = x', issue), true);
    assert.equal(mayPassIssueFilter('project = HELP AND labels = x', issue), false);
    assert.equal(mayPassIssueFilter('project = HELP OR labels = x', issue), true);
    assert.equal(mayPassIssueFilter('', issue), true);
    assert.equal(mayPassIssueFilter(null, issue), true);
  });

  it('passes every event whose filter adds an undecided clause by OR', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ACME', 'HELP', 'OPS'),
        fc.constantFrom('labels = x', 'summary ~ y'),
        (key, other) => {
          assert.equal(mayPassIssueFilter(`project = ${key} OR ${other}`, issue), true);
        },
      ),
    );
  });
});
