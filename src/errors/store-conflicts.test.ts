import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { errorCatalogue } from './catalogue.ts';
import { errorForStoreConflict } from './store-conflicts.ts';

describe('store conflicts become catalogue errors', () => {
  it('names a unique violation by its constraint', () => {
    const taken = errorForStoreConflict({ code: '23505', constraint: 'organization_domains_pkey' });
    assert.equal(taken?.code, 'organization.domain_taken');
    assert.equal(taken?.status, 409);
    const email = errorForStoreConflict({ code: '23505', constraint: 'accounts_global_email' });
    assert.equal(email?.code, 'account.email_taken');
  });

  it('answers any other unique violation, and a transaction the store gave up on, with request.conflict', () => {
    for (const error of [
      { code: '23505', constraint: 'site_account_products_pkey' },
      { code: '23505' },
      { code: '40001' },
      { code: '40P01' },
    ]) {
      assert.equal(errorForStoreConflict(error)?.code, 'request.conflict');
    }
  });

  it('leaves every other error alone', () => {
    for (const error of [null, undefined, new Error('boom'), { code: '23503' }, { code: 'FST_ERR_X' }]) {
      assert.equal(errorForStoreConflict(error), undefined);
    }
  });

  it('never carries the statement, the values or the detail of the store', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('23505', '40001', '40P01'),
        fc.option(fc.string(), { nil: undefined }),
        fc.string({ minLength: 3 }),
        (code, constraint, secret) => {
          const error = Object.assign(new Error(`duplicate key ${secret}`), {
            code,
            constraint,
            detail: `Key (email)=(${secret}) already exists.`,
            query: `insert into accounts values ('${secret}')`,
          });
          const veilError = errorForStoreConflict(error);
          assert.ok(veilError);
          assert.ok(veilError.status >= 400 && veilError.status < 500);
          assert.ok(veilError.code in errorCatalogue);
          // The message is the constraint's fixed one: what the store said about the row changes nothing.
          assert.equal(veilError.message, errorForStoreConflict({ code, constraint })?.message);
          assert.deepEqual(veilError.details, []);
        },
      ),
    );
  });
});
