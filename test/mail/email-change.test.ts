import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hashSecret } from '../../src/credentials/credentials.service.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { latestMailTo, linkIn, readOutbox, tokenOf } from './mail-support.ts';

for (const backend of testBackends()) {
  describe(`verified email changes on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const patchProfile = (as: { email: string; token: string }, body: object) =>
      veil.request({ method: 'PATCH', url: '/veil/v1/me/profile', as, body });
    const me = async (as: { email: string; token: string }) =>
      (await veil.request({ url: '/veil/v1/me', as })).json();
    const confirm = (token: string) =>
      veil.request({ method: 'POST', url: '/veil/v1/email-changes/confirm', body: { token } });
    const miaAsSeenBy = async (as: { email: string; token: string }) =>
      (await veil.request({ url: `/veil/v1/accounts/${demoIds.mia}`, as })).json();

    /** A new personal account with an API token, made by the platform admin. */
    const createPerson = async (email: string, fullName: string) => {
      const pat = demoPerson('pat');
      const body = { type: 'atlassian', email, fullName };
      const created = await veil.request({ method: 'POST', url: '/veil/v1/accounts', as: pat, body });
      assert.equal(created.statusCode, 201, created.body);
      const { accountId } = created.json();
      const issued = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${accountId}/tokens`,
        as: pat,
        body: { label: 'test' },
      });
      return { accountId: accountId as string, as: { email, token: issued.json().token as string } };
    };

    /** Deletes the account at once (the platform admin, no grace), runs the erasure, and returns its report. */
    const eraseNow = async (accountId: string) => {
      const pat = demoPerson('pat');
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${accountId}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: accountId },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const report = await veil.request({ url: `/veil/v1/accounts/${accountId}/erasure-report`, as: pat });
      assert.equal(report.statusCode, 200, report.body);
      return report.json();
    };

    it('reproducer: a new address in a verified domain changes nothing until its link is followed', async () => {
      const noah = demoPerson('noah');
      const response = await patchProfile(noah, { email: 'x@acme.test' });
      assert.equal(response.statusCode, 202, response.body);
      assert.equal(response.json().profile.email, 'noah@example.com');
      assert.equal(response.json().managedBy, null);
      assert.equal(response.json().pendingEmailChange.email, 'x@acme.test');
      const after = await me(noah);
      assert.equal(after.profile.email, 'noah@example.com');
      assert.equal(after.managedBy, null);
      assert.equal(
        'location' in (await miaAsSeenBy(noah)),
        false,
        "Noah still cannot see Mia's organization fields",
      );
    });

    it('answers a taken and a free address alike (202, the same shape), and the mail to a taken one has no link', async () => {
      const pat = demoPerson('pat');
      const taken = await patchProfile(pat, { email: 'NOAH@example.com' });
      const free = await patchProfile(pat, { email: 'pat.free@example.org' });
      assert.equal(taken.statusCode, 202, taken.body);
      assert.equal(free.statusCode, 202, free.body);
      const shape = (body: Record<string, unknown>) => ({ ...body, pendingEmailChange: null });
      assert.deepEqual(shape(taken.json()), shape(free.json()));
      const toOwner = await latestMailTo(veil, 'NOAH@example.com');
      assert.equal(linkIn(toOwner.text), undefined, 'no link for an address that is taken');
      assert.equal(toOwner.accountId, demoIds.noah, 'the mail belongs to the owner of the address');
      assert.ok(linkIn((await latestMailTo(veil, 'pat.free@example.org')).text));
      assert.equal((await me(pat)).profile.email, 'pat@veil.test');
      const data = (await veil.request({ url: '/veil/v1/me/export', as: pat })).json();
      assert.equal(
        data.pendingEmailChange.email,
        'pat.free@example.org',
        'the export holds the waiting change',
      );
      assert.deepEqual(
        data.mailToYou.map((m: { to: string }) => m.to),
        ['pat.free@example.org'],
        "the mail to a taken address is its owner's, not the asker's",
      );
    });

    it("reproducer: the asker's export does not carry the link, which would confirm an address they do not hold", async () => {
      const noah = demoPerson('noah');
      assert.equal((await patchProfile(noah, { email: 'not.noahs@acme.test' })).statusCode, 202);
      const token = tokenOf(linkIn((await latestMailTo(veil, 'not.noahs@acme.test')).text) as URL);
      const data = (await veil.request({ url: '/veil/v1/me/export', as: noah })).json();
      const mail = data.mailToYou.find((m: { to: string }) => m.to === 'not.noahs@acme.test');
      assert.ok(mail, 'the export lists the mail');
      assert.equal(linkIn(mail.text), undefined, mail.text);
      assert.equal(JSON.stringify(data).includes(token), false, 'the token is nowhere in the export');
      assert.match(mail.text, /link withheld/);
    });

    it('reproducer: a Host header Veil does not know never leads the link away', async () => {
      const { as: vera } = await createPerson('vera.lind@example.com', 'Vera Lind');
      const linkFor = async (host: string, email: string) => {
        const response = await veil.request({
          method: 'PATCH',
          url: '/veil/v1/me/profile',
          as: vera,
          headers: { host },
          body: { email },
        });
        assert.equal(response.statusCode, 202, response.body);
        return linkIn((await latestMailTo(veil, email)).text);
      };
      const poisoned = await linkFor('evil.example', 'vera@poisoned.test');
      assert.equal(
        poisoned?.origin,
        'http://127.0.0.1:8080',
        "the default site's address, not the Host sent",
      );
      const site = await linkFor('globex.localhost:8080', 'vera@site.test');
      assert.equal(site?.origin, 'http://globex.localhost:8080', 'a host Veil answers for as itself is kept');
    });

    it('reproducer: a managed person cannot move their email, in or out of the domain; nothing is written', async () => {
      const mia = demoPerson('mia');
      for (const email of ['mia@example.com', 'mia.k@acme.test']) {
        const response = await patchProfile(mia, { email, jobTitle: 'Escaped' });
        assert.equal(response.statusCode, 403, response.body);
        assert.equal(response.json().code, 'account.email_managed');
      }
      const after = await me(mia);
      assert.equal(after.profile.email, 'mia@acme.test');
      assert.notEqual(after.profile.jobTitle, 'Escaped');
      assert.deepEqual(after.managedBy, { organizationId: 'acme', name: 'Acme' });
      assert.equal(after.pendingEmailChange, null);
      const sameAddress = await patchProfile(mia, { email: 'Mia@Acme.test' });
      assert.equal(sameAddress.statusCode, 200, 'the same address in other letter case needs no proof');
    });

    it('applies the change when the link is followed, and the organization relation follows the new domain', async () => {
      await patchProfile(demoPerson('noah'), { email: 'noah@acme.test' });
      const mail = await latestMailTo(veil, 'noah@acme.test');
      const link = linkIn(mail.text);
      assert.ok(link, mail.text);
      assert.equal(link.pathname, '/confirm-email');
      const token = tokenOf(link);
      const confirmed = await confirm(token);
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      assert.deepEqual(confirmed.json(), {
        email: 'noah@acme.test',
        managedBy: { organizationId: 'acme', name: 'Acme' },
      });
      const noah = { email: 'noah@acme.test', token: 'demo-token-noah' };
      const after = await me(noah);
      assert.deepEqual(after.managedBy, { organizationId: 'acme', name: 'Acme' });
      assert.equal(after.pendingEmailChange, null);
      assert.equal((await miaAsSeenBy(noah)).location, 'Sydney', 'now a colleague of Mia');
      const again = await confirm(token);
      assert.equal(again.statusCode, 404, 'a link works once');
      assert.equal(again.json().code, 'email_change.link_invalid');
    });

    it('stores the token hashed, replaces an earlier link, and lets a link expire by the clock', async () => {
      const pat = demoPerson('pat');
      await patchProfile(pat, { email: 'first@example.org' });
      const first = tokenOf(linkIn((await latestMailTo(veil, 'first@example.org')).text) as URL);
      await patchProfile(pat, { email: 'second@example.org' });
      const second = tokenOf(linkIn((await latestMailTo(veil, 'second@example.org')).text) as URL);
      const row = await veil.store.db
        .selectFrom('email_changes')
        .selectAll()
        .where('account_id', '=', demoIds.pat)
        .executeTakeFirstOrThrow();
      assert.equal(row.token_hash, hashSecret(second));
      assert.equal(JSON.stringify(row).includes(second), false, 'the token itself is not stored');
      assert.equal(
        (await confirm(first)).json().code,
        'email_change.link_invalid',
        'replaced by the newer one',
      );
      veil.clock.advance(24 * 60 * 60 * 1000 + 1);
      const late = await confirm(second);
      assert.equal(late.statusCode, 410, late.body);
      assert.equal(late.json().code, 'email_change.link_expired');
      assert.equal((await me(pat)).profile.email, 'pat@veil.test');
      assert.equal((await confirm('no-such-token')).statusCode, 404);
    });

    it("lets the organization's admin set an address in its verified domains only, and platform admins any", async () => {
      const setEmail = (as: { email: string; token: string }, accountId: string, email: string) =>
        veil.request({ method: 'PUT', url: `/veil/v1/accounts/${accountId}/email`, as, body: { email } });
      const olivia = demoPerson('olivia');
      const inside = await setEmail(olivia, demoIds.liam, 'liam.okafor@acme.test');
      assert.equal(inside.statusCode, 200, inside.body);
      assert.equal(inside.json().email, 'liam.okafor@acme.test');
      for (const email of ['liam@example.com', 'sofia@globex.test']) {
        const outside = await setEmail(olivia, demoIds.liam, email);
        assert.equal(outside.statusCode, 403, outside.body);
        assert.equal(outside.json().code, 'account.email_outside_organization');
      }
      const notHers = await setEmail(olivia, demoIds.pat, 'pat@acme.test');
      assert.equal(notHers.json().code, 'auth.forbidden');
      assert.equal((await setEmail(demoPerson('mia'), demoIds.liam, 'x@acme.test')).statusCode, 403);
      const byPlatformAdmin = await setEmail(demoPerson('pat'), demoIds.liam, 'liam@example.com');
      assert.equal(byPlatformAdmin.statusCode, 200, byPlatformAdmin.body);
      const liam = await me({ email: 'liam@example.com', token: 'demo-token-liam' });
      assert.equal(liam.managedBy, null, 'the platform admin moved Liam out of Acme');
      const taken = await setEmail(demoPerson('pat'), demoIds.liam, 'mia@acme.test');
      assert.equal(taken.json().code, 'account.email_taken');
    });

    it('shows the outbox to platform admins only, paged, with every message queued, then kept', async () => {
      assert.equal((await veil.request({ url: '/veil/v1/mail', as: demoPerson('olivia') })).statusCode, 403);
      assert.equal((await veil.request({ url: '/veil/v1/mail' })).statusCode, 401);
      const page = await veil.request({ url: '/veil/v1/mail?maxResults=1', as: demoPerson('pat') });
      assert.equal(page.json().values.length, 1);
      assert.ok(page.json().total > 1);
      await veil.app.jobs.runDue();
      const statuses = new Set((await readOutbox(veil)).map((m) => m.status));
      assert.deepEqual([...statuses], ['outbox'], 'without SMTP the job keeps the mail in the outbox');
    });

    it('refuses a link once its account waits for deletion: the address is kept until then', async () => {
      const { as: yuri } = await createPerson('yuri.vance@example.com', 'Yuri Vance');
      assert.equal((await patchProfile(yuri, { email: 'yuri@acme.test' })).statusCode, 202);
      const token = tokenOf(linkIn((await latestMailTo(veil, 'yuri@acme.test')).text) as URL);
      const deletion = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: yuri });
      assert.equal(deletion.statusCode, 202, deletion.body);
      const refused = await confirm(token);
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().code, 'account.deletion_pending');
    });

    it("erases a person's mail and waiting change, and the scan finds none of their addresses", async () => {
      const { accountId, as: zora } = await createPerson('zora.quill@example.com', 'Zora Quill');
      assert.equal((await patchProfile(zora, { email: 'zora.new@example.org' })).statusCode, 202);
      const report = await eraseNow(accountId);
      assert.equal(report.clean, true, JSON.stringify(report.scan));
      const tables = Object.fromEntries(report.tables.map((t: { table: string }) => [t.table, t]));
      assert.deepEqual(tables.mail_messages, { table: 'mail_messages', action: 'deleted', rows: 1 });
      assert.deepEqual(tables.email_changes, { table: 'email_changes', action: 'deleted', rows: 1 });
      assert.equal((await readOutbox(veil)).filter((m) => m.to === 'zora.new@example.org').length, 0);
      assert.ok(report.scan.valuesSearched >= 5, 'the new address was searched for too');
    });

    it("erases what others' requests for the person's address left: the mail to it and the waiting change", async () => {
      const { accountId } = await createPerson('wren.holt@example.com', 'Wren Holt');
      const { as: ugo } = await createPerson('ugo.marsh@example.com', 'Ugo Marsh');
      assert.equal((await patchProfile(ugo, { email: 'wren.holt@example.com' })).statusCode, 202);
      assert.ok(await latestMailTo(veil, 'wren.holt@example.com'), 'the owner of the taken address was told');
      const report = await eraseNow(accountId);
      assert.equal(report.clean, true, JSON.stringify(report.scan));
      assert.equal((await readOutbox(veil)).filter((m) => m.to === 'wren.holt@example.com').length, 0);
      assert.equal((await me(ugo)).pendingEmailChange, null, "Ugo's waiting change to the address is gone");
    });
  });
}
