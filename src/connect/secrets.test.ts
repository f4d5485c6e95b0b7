import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { openSecret, sealSecret } from '../apps/secrets.ts';

const key = randomBytes(32);

describe('sealed secrets', () => {
  it('opens what it sealed, for the same row only', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (secret, row, other) => {
          const sealed = sealSecret(key, secret, row);
          assert.equal(openSecret(key, sealed, row), secret);
          if (other !== row) assert.throws(() => openSecret(key, sealed, other));
        },
      ),
    );
  });

  it('never shows the secret, and seals it differently every time', () => {
    const secret = randomBytes(32).toString('base64url');
    const first = sealSecret(key, secret, 'row');
    assert.equal(first.includes(secret), false);
    assert.notEqual(sealSecret(key, secret, 'row'), first);
  });

  it('refuses another key, and any change to the sealed value', () => {
    const sealed = sealSecret(key, 'the shared secret', 'row');
    assert.throws(() => openSecret(randomBytes(32), sealed, 'row'));
    const parts = sealed.split('.');
    const last = parts[3] ?? '';
    // The first character: the last one of base64url may differ in padding bits only, and decode the same.
    const flipped = `${last.startsWith('A') ? 'B' : 'A'}${last.slice(1)}`;
    assert.throws(() => openSecret(key, [...parts.slice(0, 3), flipped].join('.'), 'row'));
    assert.throws(() => openSecret(key, 'v2.a.b.c', 'row'));
  });
});
