/**
 * Mail, the writing side: whoever has something to tell a person writes the message in its own
 * transaction, with a job that hands it over (`mail.jobs.ts`), so a message exists exactly when the change
 * that caused it does. The job payload carries the message id only; the words stay in `mail_messages`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { enqueueJob } from '../jobs/jobs.service.ts';
import { type MailMessage, mailRowToMessage, type NewMailMessage } from './mail.model.ts';
import { countMailRows, insertMailRow, listMailRows, listMailRowsOfAccount } from './mail.repository.ts';

/** The job kind that hands a message over. */
export const sendMailJob = 'mail.send';

/** Writes a message and the job that sends it, in the caller's transaction; returns its id. */
export async function queueMail(
  db: Kysely<Database>,
  clock: Clock,
  message: NewMailMessage,
): Promise<string> {
  const messageId = randomUUID();
  await insertMailRow(db, {
    message_id: messageId,
    account_id: message.accountId,
    to_address: message.to,
    subject: message.subject,
    body_text: message.text,
    purpose: message.purpose,
    status: 'queued',
    created_at: clock.now(),
    sent_at: null,
  });
  await enqueueJob(db, clock, { kind: sendMailJob, payload: { messageId }, key: messageId });
  return messageId;
}

/** One page of every message Veil wrote, newest first, and how many there are. */
export async function listMail(
  db: Kysely<Database>,
  page: { startAt: number; maxResults: number },
): Promise<{ total: number; messages: MailMessage[] }> {
  const [rows, total] = await Promise.all([listMailRows(db, page), countMailRows(db)]);
  return { total, messages: rows.map(mailRowToMessage) };
}

/** The newest `limit` messages written for an account, newest first. */
export async function listMailOfAccount(
  db: Kysely<Database>,
  accountId: string,
  limit: number,
): Promise<MailMessage[]> {
  return (await listMailRowsOfAccount(db, accountId, limit)).map(mailRowToMessage);
}
