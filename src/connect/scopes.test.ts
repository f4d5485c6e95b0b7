import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type ConnectScope,
  connectScopes,
  hasScope,
  normalizeScopes,
  requiredScopeFor,
} from '../auth/app-scopes.ts';

// What each scope grants, written out from the Connect scope docs rather than derived.
const grants: Record<ConnectScope, readonly ConnectScope[]> = {
  READ: ['READ'],
  WRITE: ['WRITE', 'READ'],
  DELETE: ['DELETE', 'WRITE', 'READ'],
  PROJECT_ADMIN: ['PROJECT_ADMIN', 'DELETE', 'WRITE', 'READ'],
  SPACE_ADMIN: ['SPACE_ADMIN', 'DELETE', 'WRITE', 'READ'],
  ADMIN: ['ADMIN', 'PROJECT_ADMIN', 'SPACE_ADMIN', 'DELETE', 'WRITE', 'READ'],
  ACT_AS_USER: ['ACT_AS_USER'],
  ACCESS_EMAIL_ADDRESSES: ['ACCESS_EMAIL_ADDRESSES'],
};
const scopeArb = fc.constantFrom(...connectScopes);

describe('Connect scopes', () => {
  it('grants a scope exactly when one of the held scopes implies it', () => {
    fc.assert(
      fc.property(fc.array(scopeArb), scopeArb, (held, required) => {
        assert.equal(
          hasScope(held, required),
          held.some((scope) => grants[scope].includes(required)),
        );
      }),
    );
  });

  it('never takes access away when a scope is added, and never grants INACCESSIBLE', () => {
    fc.assert(
      fc.property(fc.array(scopeArb), scopeArb, scopeArb, (held, extra, required) => {
        if (hasScope(held, required)) assert.ok(hasScope([...held, extra], required));
        assert.equal(hasScope([...held, extra], 'INACCESSIBLE'), false);
      }),
    );
  });

  it('reads descriptor scopes in any case, without NONE or repeats', () => {
    assert.deepEqual(normalizeScopes(['read', 'READ', 'none', 'Act_As_User', 'bogus']), [
      'READ',
      'ACT_AS_USER',
    ]);
  });

  it('names the scope of each operation as the specs do, and READ/WRITE/DELETE by method otherwise', () => {
    const cases: [string, string, string | undefined][] = [
      ['GET', '/rest/api/2/user', 'READ'],
      ['GET', '/rest/api/3/user/bulk', 'READ'],
      ['GET', '/rest/api/3/group/member', 'ADMIN'],
      ['POST', '/rest/api/3/user', 'INACCESSIBLE'],
      ['GET', '/rest/api/2/user/email', 'ACCESS_EMAIL_ADDRESSES'],
      ['POST', '/wiki/api/v2/users-bulk', 'READ'],
      ['GET', '/wiki/rest/api/user/bulk', 'INACCESSIBLE'],
      ['PUT', '/rest/api/3/issue/:issueIdOrKey', 'WRITE'],
      ['DELETE', '/rest/api/3/issue/:issueIdOrKey', 'DELETE'],
      ['POST', '/rest/plugins/1.0/', 'INACCESSIBLE'],
      ['GET', '/veil/v1/me', undefined],
    ];
    for (const [method, route, expected] of cases) {
      assert.equal(requiredScopeFor(method, route), expected, `${method} ${route}`);
    }
  });
});
