/**
 * Mail, the sending side: the `mail.send` job hands a message to the SMTP server when Veil has one
 * (`--smtp-url`), and then clears its body; without one the message stays in the outbox, where platform
 * admins read it (`GET /veil/v1/mail`, the page "Mail sent by Veil").
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Config } from '../config/config.ts';
import type { Database, StoreDeps } from '../db/schema.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import { type JobContext, JobFailure } from '../jobs/job-runner.ts';
import { findMailRow, updateMailRow } from './mail.repository.ts';
import { sendMailJob } from './mail.service.ts';
import { createSmtpTransport, describeMailFailure, type MailTransport } from './mail.transport.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly jobs: JobRunner;
}

interface MailDeliveryDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly from: string;
  /** Null: no SMTP server, mail stays in the outbox. */
  readonly transport: MailTransport | null;
}

/** Registers the `mail.send` job kind, with the SMTP transport the config names (if any). */
export function registerMailDelivery(deps: Deps): void {
  const delivery: MailDeliveryDeps = {
    db: deps.db,
    clock: deps.clock,
    from: deps.config.mailFrom,
    transport: deps.config.smtpUrl === null ? null : createSmtpTransport(deps.config.smtpUrl),
  };
  deps.jobs.register(sendMailJob, (context) => deliverMail(delivery, context), { maxAttempts: 8 });
}

/** The message a `mail.send` job names; a payload without one can never succeed, so it is not retried. */
function messageIdOf(payload: unknown): string {
  const messageId = (payload as { messageId?: unknown } | null)?.messageId;
  if (typeof messageId !== 'string') throw new JobFailure('the job names no message', { retry: false });
  return messageId;
}

/** Runs one attempt at handing a message over. */
export async function deliverMail(deps: MailDeliveryDeps, context: JobContext): Promise<void> {
  const messageId = messageIdOf(context.job.payload);
  const row = await findMailRow(deps.db, messageId);
  // Erased with its account since it was queued, or already handed over: nothing to send.
  if (!row || row.status === 'sent' || row.status === 'outbox') return;
  if (deps.transport === null) {
    await updateMailRow(deps.db, messageId, { status: 'outbox' });
    return;
  }
  try {
    await deps.transport.send({
      from: deps.from,
      to: row.to_address,
      subject: row.subject,
      text: row.body_text,
    });
  } catch (error) {
    const failure = describeMailFailure(error);
    if (failure.permanent || context.attempt >= context.maxAttempts) {
      await updateMailRow(deps.db, messageId, { status: 'failed' });
    }
    throw new JobFailure(failure.reason, { retry: !failure.permanent });
  }
  await updateMailRow(deps.db, messageId, { status: 'sent', body_text: '', sent_at: deps.clock.now() });
}
