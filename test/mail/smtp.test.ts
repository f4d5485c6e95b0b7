import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { findJobByKey, listJobAttempts } from '../../src/jobs/jobs.service.ts';
import { testBackends } from '../support/backends.ts';
import { demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { latestMailTo, linkIn, tokenOf } from './mail-support.ts';

interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
}

/** A real SMTP server on a free port that keeps what it receives and refuses recipients at `refused.test`. */
async function startSmtpServer(): Promise<{ url: string; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) {
        const error = Object.assign(new Error('No such mailbox here'), { responseCode: 550 });
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The text of a received message, its quoted-printable soft breaks and escapes undone. */
function decodedText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

for (const backend of testBackends()) {
  describe(`an email change through a real SMTP server on ${backend.name}`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
    let veil: TestVeil;
    before(async () => {
      smtp = await startSmtpServer();
      veil = await startTestVeil(backend, 'demo', { smtpUrl: smtp.url, mailFrom: 'Veil <veil@veil.test>' });
    });
    after(async () => {
      await veil?.close();
      await smtp?.close();
    });

    /** The demo person asks for a new address (202: a mail is on its way). */
    const askForAddress = async (person: Parameters<typeof demoPerson>[0], email: string) => {
      const requested = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson(person),
        body: { email },
      });
      assert.equal(requested.statusCode, 202, requested.body);
    };

    it('mails the link through SMTP; following it moves Noah into Acme; the stored copy keeps no link', async () => {
      await askForAddress('noah', 'noah.brenner@acme.test');
      assert.equal(smtp.received.length, 0, 'nothing leaves before the job runs');
      await veil.app.jobs.runDue();
      assert.equal(smtp.received.length, 1);
      const [mail] = smtp.received;
      assert.deepEqual(mail?.to, ['noah.brenner@acme.test']);
      assert.equal(mail?.from, 'veil@veil.test');
      const text = decodedText(mail?.raw ?? '');
      assert.match(text, /^Subject: Confirm your new email address for Veil/m);
      const link = linkIn(text);
      assert.ok(link, text);
      const confirmed = await veil.request({
        method: 'POST',
        url: '/veil/v1/email-changes/confirm',
        body: { token: tokenOf(link) },
      });
      assert.equal(confirmed.statusCode, 200, confirmed.body);
      const me = (
        await veil.request({
          url: '/veil/v1/me',
          as: { email: 'noah.brenner@acme.test', token: 'demo-token-noah' },
        })
      ).json();
      assert.equal(me.profile.email, 'noah.brenner@acme.test');
      assert.deepEqual(me.managedBy, { organizationId: 'acme', name: 'Acme' });
      const stored = await latestMailTo(veil, 'noah.brenner@acme.test');
      assert.equal(stored.status, 'sent');
      assert.equal(stored.text, '', 'the body (and its link) is not kept once the server took it');
    });

    it('sends to the one mailbox the address names, never to a part of it read as a list', async () => {
      const before = smtp.received.length;
      await askForAddress('pat', 'someone,else@acme.test');
      await veil.app.jobs.runDue();
      const sent = smtp.received.slice(before);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0]?.to, ['"someone,else"@acme.test'], 'not else@acme.test');
    });

    it('gives up on an address the server refuses for good, and records why without the address', async () => {
      await askForAddress('pat', 'nobody@refused.test');
      await veil.app.jobs.runDue();
      const stored = await latestMailTo(veil, 'nobody@refused.test');
      assert.equal(stored.status, 'failed');
      const job = await findJobByKey(veil.store.db, 'mail.send', stored.messageId);
      assert.equal(job?.status, 'failed');
      const attempts = await listJobAttempts(veil.store.db, job?.jobId ?? '');
      assert.equal(attempts.length, 1, 'a 5xx answer is not tried again');
      assert.match(attempts[0]?.error ?? '', /550/);
      assert.equal((attempts[0]?.error ?? '').includes('refused.test'), false);
    });
  });
}
