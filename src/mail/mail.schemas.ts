import { type Static, Type } from 'typebox';

const Instant = Type.String({ format: 'date-time' });

/** One message as platform admins read it in the outbox. */
export const MailView = Type.Object(
  {
    messageId: Type.String(),
    accountId: Type.String({ description: 'The account the message is for' }),
    to: Type.String(),
    subject: Type.String(),
    text: Type.String({ description: 'The plain-text body; empty once the message left through SMTP' }),
    purpose: Type.String({ description: 'Why Veil wrote it, such as email-change' }),
    status: Type.Union(
      [Type.Literal('queued'), Type.Literal('outbox'), Type.Literal('sent'), Type.Literal('failed')],
      {
        description:
          'queued: not handed over yet; outbox: kept here (no SMTP server); sent: taken by the SMTP server; failed: given up',
      },
    ),
    createdAt: Instant,
    sentAt: Type.Union([Instant, Type.Null()]),
  },
  { $id: 'Mail' },
);
export type MailView = Static<typeof MailView>;

export const MailPage = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  values: Type.Array(MailView),
});
export type MailPage = Static<typeof MailPage>;
