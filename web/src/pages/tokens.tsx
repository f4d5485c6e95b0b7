import { useState } from 'preact/hooks';
import { apiPath, callApi, describeFailure } from '../api.ts';
import { type Loaded, useLoaded } from '../loaded.ts';
import { type Notice, NoticeLine, WhenLoaded } from '../messages.tsx';
import { Page } from '../page.tsx';
import type { IssuedToken, TokenMetadata } from '../types.ts';

/** A token just created: shown this once. */
function IssuedTokenCard({ issued, onCopied }: { issued: IssuedToken; onCopied: () => void }) {
  return (
    <section class="card issued" aria-labelledby="issued-heading">
      <h2 id="issued-heading">Your new token "{issued.label}"</h2>
      <p>Copy it now; Veil keeps only a hash and cannot show it again.</p>
      <p>
        <code class="secret">{issued.token}</code>
      </p>
      <button type="button" class="secondary" onClick={onCopied}>
        I have copied it
      </button>
    </section>
  );
}

/** The person's tokens, each revocable after a confirmation. */
function TokenList({
  tokens,
  report,
}: {
  tokens: Loaded<TokenMetadata[]>;
  report: (notice: Notice) => void;
}) {
  const [revoking, setRevoking] = useState<string | null>(null);
  const revoke = async (token: TokenMetadata) => {
    try {
      await callApi('DELETE', apiPath`/veil/v1/me/tokens/${token.id}`);
      setRevoking(null);
      report({ kind: 'success', text: `Revoked "${token.label}": it no longer signs in.` });
      tokens.reload();
    } catch (error) {
      report({ kind: 'error', text: `Not revoked: ${describeFailure(error)}.` });
    }
  };
  return (
    <section class="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Your tokens</h2>
      <WhenLoaded loaded={tokens} what="tokens">
        {(list) =>
          list.length === 0 ? (
            <p>You have no API token.</p>
          ) : (
            <ul class="link-list">
              {list.map((t) => (
                <li key={t.id} class="token">
                  <strong>{t.label}</strong>{' '}
                  <span class="muted">
                    created {new Date(t.createdAt).toLocaleDateString()}
                    {t.lastUsedAt ? `, last used ${new Date(t.lastUsedAt).toLocaleDateString()}` : ''}
                  </span>{' '}
                  {revoking === t.id ? (
                    <span class="buttons">
                      <button type="button" class="danger small" onClick={() => void revoke(t)}>
                        Revoke "{t.label}" for good
                      </button>
                      <button type="button" class="secondary small" onClick={() => setRevoking(null)}>
                        Keep "{t.label}"
                      </button>
                    </span>
                  ) : (
                    <button type="button" class="secondary small" onClick={() => setRevoking(t.id)}>
                      Revoke<span class="visually-hidden"> "{t.label}"</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </WhenLoaded>
    </section>
  );
}

/** Your API tokens: what you sign in and call the APIs with. A new one is shown once; Veil keeps a hash. */
export function TokensPage() {
  const tokens = useLoaded(() => callApi<TokenMetadata[]>('GET', '/veil/v1/me/tokens'), []);
  const [label, setLabel] = useState('');
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  const create = async (event: Event) => {
    event.preventDefault();
    if (label.trim() === '')
      return setNotice({ kind: 'error', text: 'Give the token a label, such as "laptop".' });
    try {
      setIssued(await callApi<IssuedToken>('POST', '/veil/v1/me/tokens', { label: label.trim() }));
      setLabel('');
      setNotice({ kind: 'success', text: 'Created the token. Copy it now: it is shown only once.' });
      tokens.reload();
    } catch (error) {
      setNotice({ kind: 'error', text: `Not created: ${describeFailure(error)}.` });
    }
  };

  return (
    <Page
      title="API tokens"
      intro="Tokens sign you in here and let scripts call the APIs as you. Keep them secret."
    >
      <NoticeLine notice={notice} id="tokens-notice" />
      {issued ? <IssuedTokenCard issued={issued} onCopied={() => setIssued(null)} /> : null}
      <form class="card inline-form" onSubmit={(event) => void create(event)} noValidate>
        <label for="token-label">Label for a new token</label>
        <input id="token-label" type="text" value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        <button type="submit">Create a token</button>
      </form>
      <TokenList tokens={tokens} report={setNotice} />
    </Page>
  );
}
