/**
 * API tokens' `lastUsedAt`: noted in memory on the Basic-auth path (no write per request), written in
 * batches (before tokens are listed, every 10 seconds, and when Veil stops), and never a change that
 * the directory follows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, type TestVeil } from '../support/test-veil.ts';
import { createPersonalAccount, startSmallWorldVeil } from '../support/world-builders.ts';

const noah = demoPerson('noah');

async function storedLastUse(veil: TestVeil, tokenId: string): Promise<Date | null> {
  const row = await veil.store.db
    .selectFrom('api_tokens')
    .select('last_used_at')
    .where('token_id', '=', tokenId)
    .executeTakeFirstOrThrow();
  return row.last_used_at;
}

for (const backend of testBackends()) {
  describe(`API token lastUsedAt on ${backend.name}`, () => {
    it('shows when each token was last used, written off the request path', async () => {
      // No batch on a timer during the test: on a loaded machine it could write between the read and the
      // check that the read wrote nothing.
      const veil = await startSmallWorldVeil(
        backend,
        { accounts: [createPersonalAccount('noah')] },
        { countFlushMs: 3_600_000 },
      );
      let closed = false;
      try {
        const made = await veil.request({
          method: 'POST',
          url: '/veil/v1/me/tokens',
          as: noah,
          body: { label: 'ci' },
        });
        assert.equal(made.statusCode, 201, made.body);
        const { id, token } = made.json();
        const fresh = await veil.request({ url: '/veil/v1/me/tokens', as: noah });
        assert.equal(fresh.json().find((t: { id: string }) => t.id === id).lastUsedAt, null);

        veil.clock.advance(60_000);
        const usedAt = veil.clock.now();
        const read = await veil.request({ url: '/veil/v1/me', as: { email: noah.email, token } });
        assert.equal(read.statusCode, 200, read.body);
        // The read wrote nothing: the use waits in memory for the next batch.
        assert.equal(await storedLastUse(veil, id), null);

        const logged = async () => {
          const { rows } = await sql<{ seq: number }>`
            select coalesce(max(seq), 0) as seq from change_log`.execute(veil.store.db);
          return Number(rows[0]?.seq ?? 0);
        };
        const before = await logged();
        veil.clock.advance(60_000);
        const listed = await veil.request({ url: '/veil/v1/me/tokens', as: noah });
        const tokens: { id: string; lastUsedAt: string | null }[] = listed.json();
        assert.equal(tokens.find((t) => t.id === id)?.lastUsedAt, usedAt.toISOString());
        // The scenario token that listed them was used just now, and that shows as well.
        const others = tokens.filter((t) => t.id !== id && t.lastUsedAt !== null);
        assert.deepEqual(
          others.map((t) => t.lastUsedAt),
          [veil.clock.now().toISOString()],
        );
        // Writing uses is not a change of the account: nothing was added to the change log the
        // directory follows (the listing wrote the uses before it answered).
        const { rows: changes } = await sql<{ key: string }>`
          select key from change_log where seq > ${before}`.execute(veil.store.db);
        assert.deepEqual(
          changes.filter((change) => change.key === demoIds.noah),
          [],
        );

        // Signing in with the token is a use of it, on Veil's API and on the tracker's.
        for (const signIn of [
          { url: '/veil/v1/sessions', body: { email: noah.email, apiToken: token } },
          { url: '/rest/auth/1/session', body: { username: noah.email, password: token } },
        ]) {
          veil.clock.advance(60_000);
          const signedInAt = veil.clock.now().toISOString();
          const response = await veil.request({ method: 'POST', ...signIn });
          assert.ok(response.statusCode < 300, response.body);
          const again = await veil.request({ url: '/veil/v1/me/tokens', as: noah });
          const shown = again.json().find((t: { id: string }) => t.id === id);
          assert.equal(shown.lastUsedAt, signedInAt, signIn.url);
        }

        veil.clock.advance(60_000);
        const lastUse = veil.clock.now();
        await veil.request({ url: '/veil/v1/me', as: { email: noah.email, token } });
        await veil.app.close();
        closed = true;
        // A clean stop writes what was noted.
        assert.equal((await storedLastUse(veil, id))?.toISOString(), lastUse.toISOString());
      } finally {
        if (!closed) await veil.app.close();
        await veil.store.close();
      }
    });
  });
}
