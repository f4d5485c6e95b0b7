import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];
type Who = PersonName | null;

interface Found {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  active: boolean;
}

interface PickerUser {
  accountId: string;
  displayName: string;
  html: string;
  avatarUrl?: string;
}

const customer = { email: 'cu@example.org', token: 'demo-token-customer' };

/** The text of a picker `html`: tags taken out, entities read back. */
function textOfHtml(html: string): string {
  return html
    .replaceAll('<strong>', '')
    .replaceAll('</strong>', '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

for (const backend of testBackends()) {
  describe(`tracker user search on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const get = (url: string, who: Who, host = 'acme.localhost') =>
      veil.request({ url, ...(who ? { as: demoPerson(who) } : {}), headers: { host } });
    const found = async (url: string, who: Who, host = 'acme.localhost') => {
      const response = await get(url, who, host);
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as Found[];
    };
    const idsOf = (users: { accountId: string }[]) => users.map((u) => u.accountId);
    const search = async (query: string, who: Who, host = 'acme.localhost') =>
      idsOf(await found(`/rest/api/3/user/search?query=${encodeURIComponent(query)}`, who, host));
    const pick = async (query: string, who: Who, host = 'acme.localhost', extra = '') => {
      const response = await get(
        `/rest/api/3/user/picker?query=${encodeURIComponent(query)}${extra}`,
        who,
        host,
      );
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { header: string; total: number; users: PickerUser[] };
    };

    it('finds people by a prefix of any word of the name they show, in v2 and v3 alike', async () => {
      assert.deepEqual(await search('kry', 'noah'), [demoIds.mia]);
      assert.deepEqual(await search('MIA', 'noah'), [demoIds.mia]);
      assert.deepEqual(await search('Mia Kr', 'sofia'), [demoIds.mia]);
      const v2 = await found('/rest/api/2/user/search?query=mia+kry', 'noah');
      assert.deepEqual(idsOf(v2), [demoIds.mia], '+ in a query is a space');
      assert.equal(v2[0]!.displayName, 'Mia Krystof');
    });

    it('finds people by their email only where the viewer may see it', async () => {
      assert.deepEqual(await search('ava@acme', 'noah'), [demoIds.ava], 'Ava shows her email to anyone');
      assert.deepEqual(await search('mia@acme', 'mia'), [demoIds.mia], 'a person sees their own email');
      assert.deepEqual(await search('liam@', 'olivia'), [demoIds.liam], 'the organization admin sees it');
      for (const viewer of ['ava', 'noah', 'sofia', 'liam'] as const) {
        assert.deepEqual(
          await search('mia@acme.test', viewer),
          [],
          `${viewer} found Mia by her hidden email`,
        );
        assert.deepEqual(await search('mia@', viewer), [], `${viewer} found Mia by a prefix of it`);
      }
    });

    it('never finds Liam by the full name he hid, and finds him by his public name', async () => {
      for (const viewer of ['mia', 'ava', 'noah', 'sofia'] as const) {
        assert.deepEqual(await search('liam', viewer), [], `${viewer} found Liam by his hidden first name`);
        assert.deepEqual(await search('okafor', viewer), [], `${viewer} found Liam by his hidden last name`);
        assert.deepEqual(await search('L.O.', viewer), [demoIds.liam], `${viewer} missed his public name`);
      }
      assert.deepEqual(await search('okafor', 'liam'), [demoIds.liam], 'he finds himself');
      assert.deepEqual(await search('okafor', 'olivia'), [demoIds.liam], 'his organization admin finds him');
    });

    it('gives anonymous callers and customers no user search results, as the tracker does', async () => {
      assert.deepEqual(await search('mia', null, 'globex.localhost'), []);
      const byCustomer = await veil.request({
        url: '/rest/api/3/user/search?query=mia',
        as: customer,
        headers: { host: 'acme.localhost' },
      });
      assert.equal(byCustomer.statusCode, 200);
      assert.deepEqual(byCustomer.json(), []);
      assert.equal((await get('/rest/api/3/user/search?query=mia', null)).statusCode, 401, 'acme is closed');
    });

    it('lets anonymous callers find assignable people on globex by what anonymous may see only', async () => {
      const url = (query: string) =>
        `/rest/api/3/user/assignable/search?project=GLX&query=${encodeURIComponent(query)}`;
      assert.deepEqual(idsOf(await found(url('krystof'), null, 'globex.localhost')), [demoIds.mia]);
      for (const hidden of ['mia@acme.test', 'noah@example.com', 'sofia@globex', 'madrid']) {
        assert.deepEqual(await found(url(hidden), null, 'globex.localhost'), [], hidden);
      }
      const everyone = await found(
        '/rest/api/3/user/assignable/search?project=GLX',
        null,
        'globex.localhost',
      );
      assert.ok(
        everyone.every((u) => u.emailAddress === undefined),
        'anonymous sees no email',
      );
    });

    it('answers the picker with html built only from what the viewer sees', async () => {
      const viewers: { who: Who; host: string }[] = [
        ...(['mia', 'ava', 'noah', 'sofia', 'olivia', 'liam'] as const).map((who) => ({
          who,
          host: 'acme.localhost',
        })),
        { who: null, host: 'globex.localhost' },
        { who: 'noah', host: 'globex.localhost' },
      ];
      const queries = [
        ...'abcdefghijklmnopqrstuvwxyz@.',
        'Mia Krystof',
        'Noah Brenner',
        'L.O.',
        'Liam Okafor',
      ];
      let checked = 0;
      for (const { who, host } of viewers) {
        for (const query of queries) {
          for (const user of (await pick(query, who, host)).users) {
            const shown = (
              await get(`/rest/api/3/user?accountId=${user.accountId}`, who, host)
            ).json() as Found;
            const expected = shown.emailAddress
              ? `${shown.displayName} - ${shown.emailAddress}`
              : shown.displayName;
            assert.equal(textOfHtml(user.html), expected, `${who ?? 'anonymous'} got ${user.html}`);
            assert.equal(user.displayName, shown.displayName);
            assert.doesNotMatch(user.html.replaceAll(/<\/?strong>/g, ''), /[<>]/);
            checked++;
          }
        }
      }
      assert.ok(checked > 50, `only ${checked} picker users were checked`);
      const liamByMia = await pick('l', 'mia');
      const liam = liamByMia.users.find((u) => u.accountId === demoIds.liam)!;
      assert.equal(liam.html, '<strong>L</strong>.O.');
      assert.deepEqual(idsOf((await pick('okafor', 'mia')).users), []);
      assert.deepEqual(idsOf((await pick('mia@acme', 'noah')).users), []);
    });

    it('finds only exact names in the picker for anonymous callers', async () => {
      const globex = 'globex.localhost';
      assert.deepEqual(idsOf((await pick('Mia Krystof', null, globex)).users), [demoIds.mia]);
      assert.deepEqual(idsOf((await pick('noah', null, globex)).users), [demoIds.noah], 'public name');
      assert.deepEqual(idsOf((await pick('Mia K', null, globex)).users), []);
      assert.deepEqual(idsOf((await pick('mia@acme.test', null, globex)).users), []);
    });

    it('pages the picker with a header, exclusions and avatars on request', async () => {
      const all = await pick('a', 'olivia');
      assert.ok(all.total >= 2);
      assert.equal(all.header, `Showing ${all.total} of ${all.total} matching users`);
      const one = await pick(
        'a',
        'olivia',
        'acme.localhost',
        '&maxResults=1&showAvatar=true&avatarSize=large',
      );
      assert.equal(one.users.length, 1);
      assert.equal(one.total, all.total);
      assert.equal(one.header, `Showing 1 of ${all.total} matching users`);
      assert.match(one.users[0]!.avatarUrl ?? '', /\?s=48$/);
      assert.equal(all.users[0]!.avatarUrl, undefined, 'no avatar unless asked');
      const [first, second] = idsOf(all.users);
      const excluded = await pick('a', 'olivia', 'acme.localhost', `&excludeAccountIds=${first},${second}`);
      assert.deepEqual(idsOf(excluded.users), idsOf(all.users).slice(2));
      const repeated = await pick(
        'a',
        'olivia',
        'acme.localhost',
        `&excludeAccountIds=${first}&excludeAccountIds=${second}`,
      );
      assert.deepEqual(idsOf(repeated.users), idsOf(all.users).slice(2));
      assert.deepEqual(idsOf((await pick('veil', 'mia')).users), [demoIds.app]);
      assert.deepEqual(
        idsOf((await pick('veil', 'mia', 'acme.localhost', '&excludeConnectUsers=true')).users),
        [],
      );
    });

    it('refuses bad input with the tracker error body', async () => {
      const cases: [string, number, string][] = [
        ['/rest/api/3/user/search?query=mia&accountId=5f0c1a9e2b7d4c8e9a1b3c02', 400, 'query'],
        ['/rest/api/3/user/search', 400, 'query'],
        ['/rest/api/3/user/search?query=mia&maxResults=-1', 400, 'maxResults'],
        ['/rest/api/3/user/search?query=mia&startAt=-1', 400, 'startAt'],
        ['/rest/api/3/user/search?property=a.b=1', 400, 'property'],
        ['/rest/api/3/user/search?username=mia', 400, 'username'],
        ['/rest/api/2/user/assignable/search?project=NOPE', 404, 'project'],
        ['/rest/api/3/user/assignable/search', 400, 'project'],
        ['/rest/api/3/user/assignable/search?project=ACME&query=m&accountId=x', 400, 'query'],
        ['/rest/api/3/user/assignable/search?issueId=abc', 400, 'issueId'],
        ['/rest/api/3/user/assignable/search?issueId=99999999', 404, ''],
        ['/rest/api/3/user/assignable/search?issueKey=NOPE-1', 404, ''],
        ['/rest/api/3/user/assignable/multiProjectSearch', 400, 'projectKeys'],
        ['/rest/api/3/user/assignable/multiProjectSearch?projectKeys=ACME,NOPE', 404, 'projectKeys'],
        ['/rest/api/3/user/viewissue/search?query=m', 400, 'issueKey'],
        ['/rest/api/3/user/viewissue/search?projectKey=acme', 404, 'projectKey'],
        ['/rest/api/3/user/permission/search', 400, 'permissions'],
        ['/rest/api/3/user/permission/search?permissions=BROWSE_PROJECTS,FLY', 400, 'permissions'],
        ['/rest/api/3/user/picker', 400, 'query'],
        ['/rest/api/3/user/picker?query=m&excludeAccountIds=a&exclude=b', 400, 'exclude'],
        ['/rest/api/3/user/picker?query=m&avatarSize=huge', 400, 'avatarSize'],
        ['/rest/api/3/users/search?maxResults=-5', 400, 'maxResults'],
      ];
      for (const [url, status, field] of cases) {
        const response = await get(url, 'mia');
        assert.equal(response.statusCode, status, `${url}: ${response.body}`);
        const body = response.json();
        assert.equal(body.errorMessages.length, 1, url);
        if (field) assert.ok(field in body.errors, `${url} names ${field}: ${response.body}`);
      }
    });

    it('orders searches by the display name the viewer sees, lists all users by accountId, and pages', async () => {
      for (const viewer of ['olivia', 'mia'] as const) {
        const names = (await found('/rest/api/3/user/assignable/search?project=ACME', viewer)).map((u) =>
          u.displayName.toLowerCase(),
        );
        assert.deepEqual(names, [...names].sort(), viewer);
        assert.equal(names.includes('liam okafor'), viewer === 'olivia', 'sorted by what the viewer sees');
      }
      const all = await found('/rest/api/3/users/search?maxResults=1000', 'olivia');
      assert.deepEqual(idsOf(all), [...idsOf(all)].sort());
      const pages: Found[] = [];
      for (let startAt = 0; startAt < all.length + 2; startAt += 3) {
        pages.push(...(await found(`/rest/api/3/users/search?startAt=${startAt}&maxResults=3`, 'olivia')));
      }
      assert.deepEqual(idsOf(pages), idsOf(all));
      const assignable = await found('/rest/api/3/user/assignable/search?project=ACME', 'olivia');
      const paged = [
        ...(await found('/rest/api/3/user/assignable/search?project=ACME&maxResults=2', 'olivia')),
        ...(await found('/rest/api/3/user/assignable/search?project=ACME&startAt=2&maxResults=50', 'olivia')),
      ];
      assert.deepEqual(idsOf(paged), idsOf(assignable));
      assert.deepEqual(await found('/rest/api/3/user/search?query=a&maxResults=0', 'olivia'), []);
      assert.deepEqual(await found('/rest/api/3/user/search?query=a&startAt=1000', 'olivia'), []);
    });

    it('leaves deactivated people out of searches but lists them among all users', async () => {
      assert.deepEqual(await search('ethan', 'olivia'), []);
      assert.deepEqual(
        idsOf(await found(`/rest/api/3/user/search?accountId=${demoIds.ethan}`, 'olivia')),
        [],
      );
      const all = await found('/rest/api/3/users/search', 'olivia');
      assert.equal(all.find((u) => u.accountId === demoIds.ethan)?.active, false);
      const assignEthan = `/rest/api/3/user/assignable/search?project=ACME&accountId=${demoIds.ethan}`;
      assert.deepEqual(await found(assignEthan, 'olivia'), [], 'Ethan is not assignable');
      assert.equal((await get('/rest/api/3/users/search', null, 'globex.localhost')).statusCode, 403);
    });

    it('assigns people with tracker access only: never apps, customers or other sites', async () => {
      const acme = idsOf(await found('/rest/api/3/user/assignable/search?issueKey=ACME-1', 'mia'));
      const { pat, mia, noah, ava, liam, olivia, sofia } = demoIds;
      assert.deepEqual(new Set(acme), new Set([pat, mia, noah, ava, liam, olivia, sofia]));
      const multi = '/rest/api/2/user/assignable/multiProjectSearch?projectKeys=ACME,HELP';
      assert.deepEqual(new Set(idsOf(await found(multi, 'mia'))), new Set(acme));
      const globex = idsOf(
        await found('/rest/api/3/user/assignable/search?project=GLX', 'mia', 'globex.localhost'),
      );
      assert.deepEqual(new Set(globex), new Set([mia, noah, sofia]));
      const one = `/rest/api/3/user/assignable/search?project=ACME&accountId=${demoIds.app}`;
      assert.deepEqual(await found(one, 'mia'), []);
    });

    it('finds who may browse an issue and who holds permissions', async () => {
      const viewers = idsOf(await found('/rest/api/3/user/viewissue/search?issueKey=ACME-7&query=ol', 'mia'));
      assert.deepEqual(new Set(viewers), new Set([demoIds.olivia]));
      const admins = await found('/rest/api/3/user/permission/search?permissions=ADMINISTER', 'mia');
      assert.deepEqual(new Set(idsOf(admins)), new Set([demoIds.pat, demoIds.olivia]));
      const browsers = await found(
        '/rest/api/3/user/permission/search?permissions=BROWSE_PROJECTS,ASSIGN_ISSUES&projectKey=ACME&query=mia',
        'noah',
      );
      assert.deepEqual(idsOf(browsers), [demoIds.mia]);
    });
    it('answers with bodies that conform to the official spec, in v2 and v3', async () => {
      const validator = new SpecValidator();
      const calls: [string, string][] = [
        ['/user/search', '?query=m'],
        ['/user/assignable/search', '?project=ACME&query=a'],
        ['/user/assignable/multiProjectSearch', '?projectKeys=ACME,HELP'],
        ['/user/viewissue/search', '?projectKey=ACME&query='],
        ['/user/permission/search', '?permissions=BROWSE_PROJECTS'],
        ['/user/picker', '?query=a&showAvatar=true'],
        ['/users/search', ''],
      ];
      for (const version of ['2', '3']) {
        for (const [path, query] of calls) {
          const response = await get(`/rest/api/${version}${path}${query}`, 'olivia');
          assert.equal(response.statusCode, 200, response.body);
          const body = response.json();
          assert.ok(Array.isArray(body) ? body.length > 0 : body.users.length > 0, `${path} found nobody`);
          assert.deepEqual(validator.validate('jira', 'GET', `/rest/api/3${path}`, 200, body), [], path);
        }
        const error = await get(`/rest/api/${version}/user/search`, 'olivia');
        assert.deepEqual(validator.validateComponent('jira', 'ErrorCollection', error.json()), []);
      }
    });
  });
}
