/** How far a message got: queued (its job has not run), kept in the outbox, sent through SMTP, or given up. */
export type MailStatus = 'queued' | 'outbox' | 'sent' | 'failed';

/**
 * One message Veil sends. It holds personal data (an address, and the words written to its person), so
 * it belongs to an account, which the erasure deletes it with. Once a message left through SMTP its
 * body is cleared: a link it carried is not kept at rest.
 */
export interface MailMessagesTable {
  message_id: string;
  /** The account the message is for (the erasure deletes its mail). */
  account_id: string;
  to_address: string;
  subject: string;
  body_text: string;
  /** Why Veil wrote it, such as `email-change`. */
  purpose: string;
  status: MailStatus;
  created_at: Date;
  sent_at: Date | null;
}

export interface MailTables {
  mail_messages: MailMessagesTable;
}
