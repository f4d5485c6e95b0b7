import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findScenarioProblems } from '../scenarios/scenario.validate.ts';

const mia = '5f0c1a9e2b7d4c8e9a1b3c02';
const person = { accountId: mia, type: 'atlassian', email: 'mia@acme.test', fullName: 'Mia' };
const site = { id: 'acme', baseUrl: 'http://127.0.0.1:8080', default: true, groups: ['developers'] };

function problemsOf(project: object) {
  const scenario = { sites: [{ ...site, projects: [{ key: 'ACME', name: 'Acme', lead: mia, ...project }] }] };
  return findScenarioProblems({ ...scenario, accounts: [person] });
}

describe('scenario projects: components and roles', () => {
  it("accepts components and role actors that name the file's people and the site's groups", () => {
    const problems = problemsOf({
      components: [{ name: 'Backend', lead: mia, assigneeType: 'COMPONENT_LEAD' }],
      roles: [{ role: 'Member', users: [mia], groups: ['Developers'] }],
    });
    assert.deepEqual(problems, []);
  });

  it('names unknown people, groups and roles, and names used twice, by JSON path', () => {
    const other = '5f0c1a9e2b7d4c8e9a1b3cff';
    const problems = problemsOf({
      components: [{ name: 'Backend', lead: other }, { name: 'backend' }],
      roles: [
        { role: 'Developers', users: [other] },
        { role: 'Member', groups: ['nobody'] },
        { role: 'Member' },
      ],
    }).map((p) => p.path);
    for (const path of [
      '$.sites[0].projects[0].components[0].lead',
      '$.sites[0].projects[0].components[1].name',
      '$.sites[0].projects[0].roles[0].role',
      '$.sites[0].projects[0].roles[0].users[0]',
      '$.sites[0].projects[0].roles[1].groups[0]',
      '$.sites[0].projects[0].roles[2].role',
    ])
      assert.ok(problems.includes(path), `${path} in ${JSON.stringify(problems)}`);
  });
});
