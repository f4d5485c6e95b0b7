import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  composeConfirmationMail,
  confirmationLink,
  withholdConfirmationLinks,
} from './email-changes.mail.ts';

const token = fc.base64String({ minLength: 20, maxLength: 64 }).map((s) => s.replace(/[+/=]/g, '_') || 'x');
const baseUrl = fc.constantFrom(
  'http://127.0.0.1:8080',
  'https://veil.example.com/',
  'http://globex.localhost:8080',
);

describe('the words of an email change mail', () => {
  it('withholds every confirmation link, and keeps the rest of the text', () => {
    fc.assert(
      fc.property(baseUrl, token, (base, secret) => {
        const link = confirmationLink(base, secret);
        const mail = composeConfirmationMail(link, new Date('2027-01-01T00:00:00Z'));
        assert.ok(mail.text.includes(link));
        const withheld = withholdConfirmationLinks(mail.text);
        assert.equal(withheld.includes(secret), false, withheld);
        assert.equal(withheld.includes('/confirm-email'), false, withheld);
        assert.equal(
          withheld,
          mail.text.replace(link, '(link withheld: it works only from the mailbox it was sent to)'),
        );
      }),
    );
  });
});
