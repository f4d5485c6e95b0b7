import type { Selectable } from 'kysely';
import type { MailMessagesTable, MailStatus } from '../db/tables/mail.table.ts';

/** A message as Veil's code sees it. */
export interface MailMessage {
  readonly messageId: string;
  readonly accountId: string;
  readonly to: string;
  readonly subject: string;
  /** Empty once the message left through SMTP. */
  readonly text: string;
  readonly purpose: string;
  readonly status: MailStatus;
  readonly createdAt: Date;
  readonly sentAt: Date | null;
}

/** A message to write: who it is for, and what it says. */
export interface NewMailMessage {
  readonly accountId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly purpose: string;
}

/** Maps a stored row to the domain message. */
export function mailRowToMessage(row: Selectable<MailMessagesTable>): MailMessage {
  return {
    messageId: row.message_id,
    accountId: row.account_id,
    to: row.to_address,
    subject: row.subject,
    text: row.body_text,
    purpose: row.purpose,
    status: row.status,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
}
