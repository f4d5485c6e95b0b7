/**
 * The invariant of an email change request, drawn at random: whatever address a person asks for (one
 * another account uses, in any letter case, or a free one, in a verified domain or not), the answer is
 * 202 with the same body but for the address asked for, nothing about the account or its organization
 * changes, and only a free address is mailed a link.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { latestMailTo, linkIn } from './mail-support.ts';

const takenAddresses = [
  'mia@acme.test',
  'ava@acme.test',
  'pat@veil.test',
  'sofia@globex.test',
  'ethan@acme.test',
];

/** A taken address in any letter case, or a free one in a verified domain or elsewhere. */
const requestedAddress = fc.oneof(
  fc
    .tuple(fc.constantFrom(...takenAddresses), fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }))
    .map(([address, upper]) => [...address].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  fc
    .tuple(
      fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,15}$/),
      fc.constantFrom('acme.test', 'globex.test', 'example.org', 'initech.test'),
    )
    .map(([local, domain]) => `new.${local}@${domain}`),
);

for (const backend of testBackends()) {
  describe(`an email change request, for any address, on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it('answers 202 alike, changes nothing, and mails a link to free addresses only', async () => {
      const noah = demoPerson('noah');
      const { pendingEmailChange: none, ...before } = (
        await veil.request({ url: '/veil/v1/me', as: noah })
      ).json();
      assert.equal(none, null);
      await fc.assert(
        fc.asyncProperty(requestedAddress, async (address) => {
          veil.clock.advance(1);
          const response = await veil.request({
            method: 'PATCH',
            url: '/veil/v1/me/profile',
            as: noah,
            body: { email: address },
          });
          assert.equal(response.statusCode, 202, response.body);
          const { pendingEmailChange, ...rest } = response.json();
          assert.deepEqual(rest, before, 'the same answer but for the address asked for');
          assert.equal(pendingEmailChange.email, address);
          assert.equal(rest.profile.email, 'noah@example.com');
          assert.equal(rest.managedBy, null);
          const mia = (await veil.request({ url: `/veil/v1/accounts/${demoIds.mia}`, as: noah })).json();
          assert.equal('location' in mia, false, 'no organization field of Mia before a confirmation');
          const taken = takenAddresses.includes(address.toLowerCase());
          const mail = await latestMailTo(veil, address);
          assert.equal(
            linkIn(mail.text) !== undefined,
            !taken,
            `a link only for a free address (${address})`,
          );
        }),
        { numRuns: 40 },
      );
    });
  });
}
