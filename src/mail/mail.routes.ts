import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import { requirePlatformAdmin } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import { pageQuery, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { MailMessage } from './mail.model.ts';
import { MailPage, type MailView } from './mail.schemas.ts';
import { listMail } from './mail.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
}

function renderMail(message: MailMessage): Static<typeof MailView> {
  return {
    messageId: message.messageId,
    accountId: message.accountId,
    to: message.to,
    subject: message.subject,
    text: message.text,
    purpose: message.purpose,
    status: message.status,
    createdAt: message.createdAt.toISOString(),
    sentAt: message.sentAt?.toISOString() ?? null,
  };
}

/** `GET /veil/v1/mail`: the mail Veil wrote, for platform admins (the outbox when there is no SMTP server). */
export function registerMailRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/mail',
    {
      schema: {
        tags: ['mail'],
        summary: 'Mail sent by Veil, newest first (platform admins)',
        querystring: pageQuery,
        response: { 200: MailPage, ...veilErrors },
      },
    },
    async (request) => {
      requirePlatformAdmin(request.caller);
      const { total, messages } = await listMail(deps.db, request.query);
      return {
        startAt: request.query.startAt,
        maxResults: request.query.maxResults,
        total,
        values: messages.map(renderMail),
      };
    },
  );
}
