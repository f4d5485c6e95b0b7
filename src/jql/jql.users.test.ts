import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJql } from './jql.parser.ts';
import { printJql } from './jql.printer.ts';
import { convertUserReferences, listUserReferences, queryHasUserReferences } from './jql.users.ts';

const accountIds: ReadonlyMap<string, string> = new Map([
  ['mia', '5b10a2844c20165700ede21g'],
  ['alana', '557058:b2e19a89-93eb-479c-a287-d6943fe6b823'],
  ['4242', 'qm:a713c8ea-1075-4e30-9d96-891a7d181739:5ad6d3581db05e2a66fa80b'],
]);
const knownAccountIds = new Set(accountIds.values());
const options = { userFields: new Set(['cf[10010]', 'approvers']) };

function resolve(reference: string): string | null {
  return accountIds.get(reference) ?? (knownAccountIds.has(reference) ? reference : null);
}

function parseOk(text: string) {
  const result = parseJql(text);
  if (!result.ok) assert.fail(result.error.message);
  return result.query;
}

function convert(text: string): { readonly text: string; readonly unknownUsers: readonly string[] } {
  const conversion = convertUserReferences(parseOk(text), resolve, options);
  return { text: printJql(conversion.query), unknownUsers: conversion.unknownUsers };
}

const mia = accountIds.get('mia');
const alana = accountIds.get('alana');

describe('convertUserReferences: fields and operators', () => {
  it('converts the example of the pdcleaner documentation', () => {
    assert.deepEqual(convert('assignee = nobody'), { text: 'assignee = unknown', unknownUsers: ['nobody'] });
    assert.deepEqual(
      convert('issuetype = Bug AND assignee in (mia) AND reporter in (alana) order by lastViewed DESC'),
      {
        text: `issuetype = Bug AND assignee in (${mia}) AND reporter in (${alana}) ORDER BY lastViewed DESC`,
        unknownUsers: [],
      },
    );
  });

  it('converts the values of every user field, in any case, including lists', () => {
    for (const name of ['assignee', 'Reporter', 'CREATOR', 'watcher', 'voter', 'cf[10010]', '"Approvers"']) {
      assert.equal(convert(`${name} in (mia, (alana))`).text.endsWith(`in (${mia}, (${alana}))`), true, name);
    }
  });

  it('leaves the values of other fields alone', () => {
    assert.equal(
      convert('project = mia AND summary ~ alana AND cf[10011] = mia').text,
      'project = mia AND summary ~ alana AND cf[10011] = mia',
    );
    assert.equal(convert('assignee.property[mia].x = mia').text, 'assignee.property[mia].x = mia');
  });

  it('converts WAS values and FROM/TO of user fields, and BY of any field', () => {
    assert.equal(
      convert('assignee was mia by alana before mia').text,
      `assignee was ${mia} by ${alana} before mia`,
    );
    assert.equal(
      convert('assignee changed from mia to alana').text,
      `assignee changed from ${mia} to ${alana}`,
    );
    assert.equal(
      convert('status changed from mia to alana by mia').text,
      `status changed from mia to alana by ${mia}`,
    );
    assert.equal(convert('status was Done by (mia, alana)').text, `status was Done by (${mia}, ${alana})`);
  });
});

describe('convertUserReferences: functions and unknown users', () => {
  it('keeps EMPTY, currentUser() and membersOf(group) as they are', () => {
    const text =
      'assignee is EMPTY AND reporter = currentUser() AND watcher in membersOf(mia) AND status changed by currentUser()';
    assert.deepEqual(convert(text), { text, unknownUsers: [] });
  });

  it('converts the user arguments of user functions, wherever they are', () => {
    assert.equal(
      convert('issue in updatedBy(mia, "2019/01/01", alana) AND approvals = APPROVER(mia, alana)').text,
      `issue in updatedBy(${mia}, "2019/01/01", alana) AND approvals = APPROVER(${mia}, ${alana})`,
    );
    assert.equal(
      convert('component in componentsLeadByUser(mia)').text,
      `component in componentsLeadByUser(${mia})`,
    );
    assert.equal(convert('project in projectsLeadByUser()').text, 'project in projectsLeadByUser()');
  });

  it('writes unknown users as unknown and reports each once, in order', () => {
    assert.deepEqual(convert('assignee in (bob, mia, carol) OR reporter = bob'), {
      text: `assignee in (unknown, ${mia}, unknown) OR reporter = unknown`,
      unknownUsers: ['bob', 'carol'],
    });
  });

  it('keeps accountIds and the unknown account as they are', () => {
    const text = `assignee in ("${alana}", unknown) AND reporter = ${mia}`;
    assert.deepEqual(convert(text), {
      text: `assignee in (${alana}, unknown) AND reporter = ${mia}`,
      unknownUsers: [],
    });
  });
});

describe('convertUserReferences: all-digit usernames and ORDER BY', () => {
  it('treats an all-digit username as a user reference', () => {
    assert.deepEqual(convert('assignee = 4242'), {
      text: `assignee = ${accountIds.get('4242')}`,
      unknownUsers: [],
    });
    assert.deepEqual(convert('assignee = 7'), { text: 'assignee = unknown', unknownUsers: ['7'] });
  });

  it('never touches ORDER BY', () => {
    assert.equal(convert('order by assignee, cf[10010] DESC').text, 'ORDER BY assignee, cf[10010] DESC');
  });
});

describe('listUserReferences and queryHasUserReferences', () => {
  it('lists each user reference once, in order', () => {
    const query = parseOk(
      'assignee in (mia, bob) AND status was x by mia AND issue in updatedBy(carol) AND project = dan',
    );
    assert.deepEqual(listUserReferences(query, options), ['mia', 'bob', 'carol']);
    assert.equal(queryHasUserReferences(query, options), true);
  });

  it('finds none where users are only EMPTY, functions or unknown', () => {
    const query = parseOk(
      'assignee is EMPTY AND reporter = currentUser() AND voter = unknown AND project = mia',
    );
    assert.deepEqual(listUserReferences(query, options), []);
    assert.equal(queryHasUserReferences(query, options), false);
  });
});
