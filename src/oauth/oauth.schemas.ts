/** Contracts of the 3LO server: apps, connected apps, tokens, `/me` and the accessible resources. */
import { type Static, Type } from 'typebox';
import { NameText } from '../http/contracts.ts';

const Scope = Type.String({ minLength: 1, maxLength: 100 });
const Instant = Type.String({ format: 'date-time' });

export const OAuthAppBody = Type.Object(
  {
    name: NameText({ minLength: 1, maxLength: 255 }),
    callbackUrl: Type.String({ minLength: 1, maxLength: 2000 }),
    scopes: Type.Array(Scope, { maxItems: 40 }),
  },
  { additionalProperties: false },
);

export const OAuthAppView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  callbackUrl: Type.String(),
  scopes: Type.Array(Type.String()),
  createdAt: Instant,
});

export const RegisteredOAuthApp = Type.Object({
  ...OAuthAppView.properties,
  clientSecret: Type.String({ description: 'Shown once: Veil keeps only its hash' }),
});

export const ConnectedAppView = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  scopes: Type.Array(Type.String()),
  grantedAt: Instant,
  sites: Type.Array(
    Type.Object({ siteId: Type.String(), scopes: Type.Array(Type.String()), grantedAt: Instant }),
  ),
});

export type ConnectedAppView = Static<typeof ConnectedAppView>;

export const ClientIdParams = Type.Object({ clientId: Type.String({ minLength: 1, maxLength: 128 }) });

export const OAuthErrorBody = Type.Object({ error: Type.String(), error_description: Type.String() });
export const GatewayErrorBody = Type.Object({ code: Type.Integer(), message: Type.String() });

export const TokenResponse = Type.Object({
  access_token: Type.String(),
  refresh_token: Type.Optional(Type.String()),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
});

export const AccessibleResourceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  url: Type.String(),
  scopes: Type.Array(Type.String()),
  avatarUrl: Type.String(),
});

export const MeView = Type.Object({
  account_type: Type.String(),
  account_id: Type.String(),
  email: Type.Optional(Type.String()),
  name: Type.String(),
  picture: Type.String(),
  account_status: Type.String(),
  nickname: Type.String(),
  zoneinfo: Type.Optional(Type.String()),
  locale: Type.Optional(Type.String()),
  extended_profile: Type.Object({
    job_title: Type.Optional(Type.String()),
    organization: Type.Optional(Type.String()),
    department: Type.Optional(Type.String()),
    location: Type.Optional(Type.String()),
  }),
});

export type MeView = Static<typeof MeView>;
