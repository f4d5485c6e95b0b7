/**
 * The Forge Invocation Token (FIT) Veil sends a remote as `Authorization: Bearer`: RS256, `iss`
 * `forge/invocation-token`, `aud` the app's ARI, 25 seconds of life (as Forge's sample shows), with the
 * `app` and `context` claims and, in a person's session, `principal` (shapes: facts/oauth-forge.md C.4).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ForgeSigningKey } from './forge-keys.ts';

export const fitIssuer = 'forge/invocation-token';
export const fitLifetimeSeconds = 25;

export interface InvocationContext {
  readonly appId: string;
  readonly installationId: string;
  readonly version: number;
  readonly cloudId: string;
  readonly siteUrl: string;
  /** The gateway base, `<origin>/ex/jira/<cloudId>`. */
  readonly apiBaseUrl: string;
  readonly moduleKey: string;
  /** The person in whose session the invocation happens, if any. */
  readonly principal?: string;
}

/** The signed FIT for one invocation, issued at `now`. */
export async function signInvocationToken(
  key: ForgeSigningKey,
  invocation: InvocationContext,
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const environment = { type: 'PRODUCTION', id: invocation.installationId };
  const claims = {
    app: {
      id: invocation.appId,
      version: String(invocation.version),
      installationId: invocation.installationId,
      apiBaseUrl: invocation.apiBaseUrl,
      environment,
      module: { type: 'core:trigger', key: invocation.moduleKey },
    },
    context: {
      cloudId: invocation.cloudId,
      siteUrl: invocation.siteUrl,
      moduleKey: invocation.moduleKey,
      environmentId: environment.id,
      environmentType: environment.type,
      ...(invocation.principal ? { accountId: invocation.principal, accountType: 'licensed' } : {}),
    },
    ...(invocation.principal ? { principal: invocation.principal } : {}),
  };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(fitIssuer)
    .setAudience(invocation.appId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + fitLifetimeSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
