import { useState } from 'preact/hooks';
import { ApiError, callApi, describeFailure } from '../api.ts';
import type { Notice } from '../messages.tsx';
import type { Me } from '../types.ts';

/** Where a change waits: the address the link went to, and until when it works. */
function PendingChange({ me }: { me: Me }) {
  const pending = me.pendingEmailChange;
  if (!pending) return null;
  return (
    <p class="hint" id="email-pending">
      We sent a link to <strong>{pending.email}</strong>. Your address stays {me.profile.email} until you
      follow it (it works until {new Date(pending.expiresAt).toLocaleString()}).
    </p>
  );
}

/** The form that asks for a new address: Veil mails it a link; the page says what happened. */
function NewAddressForm({
  onChanged,
  onClose,
  report,
}: {
  onChanged: (me: Me) => void;
  onClose: () => void;
  report: (notice: Notice) => void;
}) {
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const send = async (event: Event) => {
    event.preventDefault();
    const wanted = email.trim();
    try {
      const updated = await callApi<Me>('PATCH', '/veil/v1/me/profile', { email: wanted });
      onChanged(updated);
      onClose();
      report({
        kind: 'success',
        text: updated.pendingEmailChange
          ? `We sent a link to ${wanted}. Your email stays ${updated.profile.email} until you follow it.`
          : 'Saved your email address.',
      });
    } catch (error) {
      const problems = error instanceof ApiError ? error.problems : [];
      setProblem(problems.find((p) => p.path.endsWith('email'))?.message ?? null);
      report({ kind: 'error', text: `Not sent: ${describeFailure(error)}. Nothing was changed.` });
    }
  };

  return (
    <form onSubmit={(event) => void send(event)} noValidate>
      <p class="hint">
        We mail a link to the new address. Until you follow it, your address stays as it is. If the new
        address is in a domain an organization verified, that organization then manages your account.
      </p>
      <div class="form-row">
        <label for="new-email">New email address</label>
        <input
          id="new-email"
          type="email"
          autocomplete="email"
          value={email}
          required
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'new-email-problem' : undefined}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        {problem ? (
          <p class="field-problem" id="new-email-problem">
            The address {problem}
          </p>
        ) : null}
      </div>
      <div class="buttons">
        <button type="submit">Send the link</button>
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/**
 * Your email address: a new one is proven by a link Veil mails to it, and changes nothing until the link
 * is followed. A managed account's address is changed by its organization's admins.
 */
export function EmailChange({
  me,
  onChanged,
  report,
}: {
  me: Me;
  onChanged: (me: Me) => void;
  report: (notice: Notice) => void;
}) {
  const [open, setOpen] = useState(false);
  if (me.accountType === 'app') return null;
  return (
    <section class="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Your email address</h2>
      <p>{me.profile.email ?? 'Not set'}</p>
      <PendingChange me={me} />
      {me.managedBy ? (
        <p class="hint">
          {me.managedBy.name} manages your account, so its admins change your email address. Ask them.
        </p>
      ) : open ? (
        <NewAddressForm onChanged={onChanged} onClose={() => setOpen(false)} report={report} />
      ) : (
        <p>
          <button type="button" class="secondary" onClick={() => setOpen(true)}>
            Change your email address
          </button>
        </p>
      )}
    </section>
  );
}
