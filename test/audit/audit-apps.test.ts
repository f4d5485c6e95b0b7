import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds } from '../support/test-veil.ts';
import { olivia, onlyRecordOf, pat, readRecords, recordsOf } from './audit-support.ts';

const adminKey = 'com.example.auditor';
const readerKey = 'com.example.reader';

for (const backend of testBackends()) {
  describe(`audit records of apps on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let auditor: TestApp;
    let reader: TestApp;
    before(async () => {
      ({ veil, auditor, reader } = await startConnectTestbed(backend, {
        auditor: { key: adminKey, scopes: ['ADMIN', 'ACCESS_EMAIL_ADDRESSES'], install: false },
        reader: { key: readerKey, scopes: ['READ'] },
      }));
    });
    after(() => veil.close());

    const send = async (
      method: 'POST' | 'PATCH' | 'DELETE' | 'PUT',
      url: string,
      as = olivia,
      body?: object,
    ) => {
      const response = await veil.request({ method, url, as, ...(body ? { body } : {}) });
      assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    };
    const asApp = (app: TestApp, key: string, url: string) =>
      veil.request({
        url,
        headers: {
          authorization: `JWT ${signAppRequest(app.credentials(), veil, 'GET', url, { iss: key })}`,
        },
      });

    it('records an install, a disable, an enable and an uninstall, with the app and its account', async () => {
      const installed = await onlyRecordOf(veil, () =>
        send('POST', '/veil/v1/sites/acme/apps', olivia, { descriptorUrl: auditor.descriptorUrl }),
      );
      assert.equal(installed.summary, 'App installed');
      assert.equal(installed.category, 'apps');
      assert.equal(installed.authorAccountId, demoIds.olivia);
      assert.deepEqual(installed.objectItem, { id: adminKey, name: adminKey, typeName: 'APP' });
      assert.equal(installed.associatedItems.length, 1);
      assert.equal(installed.associatedItems[0]?.typeName, 'USER');
      const url = `/veil/v1/sites/acme/apps/${adminKey}`;
      const disabled = await onlyRecordOf(veil, () => send('PATCH', url, olivia, { enabled: false }));
      assert.equal(disabled.summary, 'App disabled');
      const enabled = await onlyRecordOf(veil, () => send('PATCH', url, olivia, { enabled: true }));
      assert.equal(enabled.summary, 'App enabled');
    });

    it('lets an app with ADMIN read the records, and refuses one without', async () => {
      const url = '/rest/api/3/auditing/record?filter=App';
      const allowed = await asApp(auditor, adminKey, url);
      assert.equal(allowed.statusCode, 200, allowed.body);
      assert.ok(allowed.json().records.length >= 3);
      const refused = await asApp(reader, readerKey, url);
      assert.equal(refused.statusCode, 403, refused.body);
    });

    it('shows an app with ADMIN no hidden field of anyone the records name', async () => {
      await send('POST', '/rest/api/3/group', olivia, { name: 'watched' });
      for (const id of [demoIds.mia, demoIds.noah, demoIds.liam, demoIds.ethan])
        await send('POST', '/rest/api/3/group/user?groupname=watched', olivia, { accountId: id });
      const accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      const appAccountId = (await veil.request({ url: '/veil/v1/sites/acme/apps', as: olivia }))
        .json()
        .find((a: { appKey: string }) => a.appKey === adminKey).accountId;
      const viewer = { kind: 'app' as const, appKey: adminKey, accountId: appAccountId };
      const visible = valuesVisibleTo(accounts, viewer);
      const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
        (value) => !visible.has(value) && value !== 'acme' && value !== 'watched',
      );
      const response = await asApp(auditor, adminKey, '/rest/api/3/auditing/record?filter=watched');
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(response.json().records.length >= 5);
      assert.deepEqual(findLeaks(response.json(), hidden, visible), []);
    });

    it('records an Email API decision on each site the app is installed on, without its reason', async () => {
      await send('PUT', `/veil/v1/apps/${adminKey}/email-api`, olivia, { useCases: ['Send reports'] });
      const approved = await onlyRecordOf(veil, () =>
        send('POST', `/veil/v1/apps/${adminKey}/email-api/decision`, pat, {
          status: 'approved',
          reason: 'Reviewed by Pat Platform',
        }),
      );
      assert.equal(approved.summary, 'Email API access approved');
      assert.equal(approved.authorAccountId, demoIds.pat);
      assert.doesNotMatch(JSON.stringify(approved), /Reviewed|Pat Platform/);
    });

    it('records the uninstall', async () => {
      const added = await recordsOf(veil, () => send('DELETE', `/veil/v1/sites/acme/apps/${adminKey}`));
      assert.deepEqual(
        added.map((record) => record.summary),
        ['App uninstalled'],
      );
      assert.ok((await readRecords(veil)).length >= 5);
    });
  });
}
