/** What the mail tests share: reading the outbox as a platform admin, and the link a mail carries. */
import assert from 'node:assert/strict';
import { demoPerson, type TestVeil } from '../support/test-veil.ts';

export interface OutboxMail {
  messageId: string;
  accountId: string;
  to: string;
  subject: string;
  text: string;
  purpose: string;
  status: string;
}

/** Every message in the outbox, newest first, as a platform admin reads it. */
export async function readOutbox(veil: Pick<TestVeil, 'request'>): Promise<OutboxMail[]> {
  const response = await veil.request({ url: '/veil/v1/mail?maxResults=1000', as: demoPerson('pat') });
  assert.equal(response.statusCode, 200, response.body);
  return response.json().values;
}

/** The newest message to `address`; fails when there is none. */
export async function latestMailTo(veil: Pick<TestVeil, 'request'>, address: string): Promise<OutboxMail> {
  const mail = (await readOutbox(veil)).find((m) => m.to === address);
  assert.ok(mail, `a mail to ${address} is in the outbox`);
  return mail;
}

/** The confirmation link in a mail's text, if any. */
export function linkIn(text: string): URL | undefined {
  const found = /https?:\/\/\S+\/confirm-email#token=[A-Za-z0-9_-]+/.exec(text);
  return found ? new URL(found[0]) : undefined;
}

/** The token a confirmation link carries (in its fragment). */
export function tokenOf(link: URL): string {
  const token = new URLSearchParams(link.hash.slice(1)).get('token');
  assert.ok(token, `the link ${link.pathname} carries a token`);
  return token;
}
