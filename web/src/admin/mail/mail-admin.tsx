import { useState } from 'preact/hooks';
import { callApi } from '../../api.ts';
import { useLoaded } from '../../loaded.ts';
import type { Mail, MailPage } from '../../types.ts';
import { LoadedAdminPage } from '../admin-page.tsx';

const pageSize = 25;

const statusLabels: Record<Mail['status'], string> = {
  queued: 'Queued',
  outbox: 'In the outbox (no SMTP server)',
  sent: 'Sent through SMTP',
  failed: 'Failed',
};

/** A mail's text with its links made links (the confirmation link, for one). */
function MailText({ text }: { text: string }) {
  if (text === '') return <p class="muted">Not kept: the SMTP server took the message.</p>;
  const parts = text.split(/(https?:\/\/\S+)/g);
  return (
    <pre class="mail-text">{parts.map((part, i) => (i % 2 === 1 ? <a href={part}>{part}</a> : part))}</pre>
  );
}

/** One message: its subject, whom it went to, how far it got, and its words. */
function MailItem({ mail }: { mail: Mail }) {
  return (
    <li class="card">
      <h2 class="mail-subject">{mail.subject}</h2>
      <p>
        To <strong>{mail.to}</strong>, {new Date(mail.createdAt).toLocaleString()} ·{' '}
        {statusLabels[mail.status]}
      </p>
      <MailText text={mail.text} />
    </li>
  );
}

/** Newer and older pages of mail. */
function MailPager({ page, onMove }: { page: MailPage; onMove: (startAt: number) => void }) {
  return (
    <div class="buttons">
      <button
        type="button"
        class="secondary"
        disabled={page.startAt === 0}
        onClick={() => onMove(Math.max(0, page.startAt - pageSize))}
      >
        Newer mail
      </button>
      <button
        type="button"
        class="secondary"
        disabled={page.startAt + pageSize >= page.total}
        onClick={() => onMove(page.startAt + pageSize)}
      >
        Older mail
      </button>
    </div>
  );
}

/** Mail sent by Veil (platform admins): the outbox when no SMTP server is configured, and what left through one. */
export function MailAdmin() {
  const [startAt, setStartAt] = useState(0);
  const mail = useLoaded(
    () => callApi<MailPage>('GET', `/veil/v1/mail?startAt=${startAt}&maxResults=${pageSize}`),
    [startAt],
  );
  return (
    <LoadedAdminPage
      title="Mail sent by Veil"
      intro="Newest first. Without an SMTP server (--smtp-url), mail stays here: follow a link from here to act on it."
      loaded={mail}
      what="the mail"
    >
      {(page) =>
        page.total === 0 ? (
          <p>Veil has sent no mail.</p>
        ) : (
          <>
            <p>
              Mail {page.startAt + 1} to {page.startAt + page.values.length} of {page.total}.
            </p>
            <ul class="mail-list" aria-label="Mail">
              {page.values.map((m) => (
                <MailItem key={m.messageId} mail={m} />
              ))}
            </ul>
            <MailPager page={page} onMove={setStartAt} />
          </>
        )
      }
    </LoadedAdminPage>
  );
}
