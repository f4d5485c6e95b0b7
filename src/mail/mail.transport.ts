/**
 * How mail leaves Veil when an SMTP server is configured (`--smtp-url`): nodemailer, one connection per
 * message, with timeouts well inside a job's lease. Failures are described by their SMTP code only, never
 * with the server's words, which can repeat an address.
 */
import nodemailer from 'nodemailer';

/** One message on its way out. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Something that hands mail over; resolves once the server took it. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>;
}

/** Why a handover failed, fit for a job attempt's record, and whether trying again can help. */
export interface MailFailure {
  readonly reason: string;
  readonly permanent: boolean;
}

/** A transport to the SMTP server at `url` (`smtp://user:pass@host:587`, `smtps://…`). */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    logger: false,
    debug: false,
  });
  return {
    send: async (mail) => {
      // An address object, not a string: nodemailer reads a string as a list (`a,b@x.test` would go to
      // `b@x.test`), and a link must reach the one mailbox its address names.
      await transporter.sendMail({
        from: mail.from,
        to: { name: '', address: mail.to },
        subject: mail.subject,
        text: mail.text,
      });
    },
  };
}

/** Describes a nodemailer error by its codes alone; a 5xx answer means the server will never take it. */
export function describeMailFailure(error: unknown): MailFailure {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  const parts = [
    typeof code === 'string' ? code : null,
    typeof responseCode === 'number' ? responseCode : null,
  ];
  const codes = parts.filter((part) => part !== null).join(' ');
  return {
    reason: `the SMTP server did not take the message${codes ? ` (${codes})` : ''}`,
    permanent: typeof responseCode === 'number' && responseCode >= 500,
  };
}
