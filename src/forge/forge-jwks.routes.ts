/**
 * `GET /veil/v1/forge/jwks.json`: the public keys that verify Veil's Forge Invocation Tokens, as Forge
 * publishes its own at `https://forge.cdn.prod.atlassian-dev.net/.well-known/jwks.json`. Anyone may read it.
 */
import { Type } from 'typebox';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { findForgeSigningKey, listForgePublicKeys } from './forge-keys.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
}

const Jwk = Type.Object(
  {
    kty: Type.String(),
    kid: Type.String(),
    alg: Type.String(),
    use: Type.String(),
    n: Type.String(),
    e: Type.String(),
  },
  { additionalProperties: false },
);

export function registerForgeJwksRoute(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/forge/jwks.json',
    {
      schema: {
        tags: ['forge'],
        summary: 'The public keys (JWKS) that verify Forge Invocation Tokens',
        response: { 200: Type.Object({ keys: Type.Array(Jwk) }), ...veilErrors },
      },
    },
    async () => {
      // The first reader makes the key if no event was signed yet: the set is never empty.
      await findForgeSigningKey(deps.db, deps.clock, deps.config.connectSecretKey);
      return listForgePublicKeys(deps.db);
    },
  );
}
