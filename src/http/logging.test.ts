import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { describeErrorForLog } from './logging.ts';

/** An error as a library throws it: a message quoting a value, and the given code. */
function errorWith(code: string, message = 'could not open /home/mia.krystof/data: Mia Krystof'): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeErrorForLog', () => {
  it('keeps a SQLSTATE as one, and a Node code of the same shape (EPERM, EBUSY) as a code', () => {
    assert.deepEqual(describeErrorForLog(errorWith('23505')).sqlState, '23505');
    assert.equal(describeErrorForLog(errorWith('22P02')).sqlState, '22P02');
    for (const code of ['EPERM', 'EBUSY', 'EROFS', 'ENOENT', 'ERR_INVALID_ARG_TYPE']) {
      const described = describeErrorForLog(errorWith(code));
      assert.equal(described.code, code);
      assert.equal(described.sqlState, undefined, `${code} is no SQLSTATE`);
    }
  });

  it('never carries the message, even one whose lines look like stack frames', () => {
    const quoted = 'invalid input syntax for type integer: "Mia\n    at Krystof (Prague)"';
    const described = describeErrorForLog(errorWith('22P02', quoted));
    assert.ok(!JSON.stringify(described).includes('Krystof'), JSON.stringify(described));
    assert.match(described.stack ?? '', /^\s+at /, 'the real frames stay');
    const lines = fc.constantFrom('\n', '    at ', 'Mia', ' ', ':', '"');
    fc.assert(
      fc.property(
        fc.array(lines, { minLength: 1 }).map((parts) => parts.join('')),
        fc.string(),
        (message, code) => {
          const described = JSON.stringify(describeErrorForLog(errorWith(code, `${message} Mia`)));
          assert.ok(!described.includes('Mia'), described);
        },
      ),
    );
  });
});
