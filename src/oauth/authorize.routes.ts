/**
 * `GET /authorize` (the consent page, after sign-in) and `POST /authorize` (the person's answer): the
 * browser's part of the 3LO flow. The answer is a form the consent page posts; its ticket is bound to
 * the session, so it also stands for the CSRF token a form cannot send as a header.
 */
import type { FastifyReply } from 'fastify';
import { type Static, Type } from 'typebox';
import { requirePerson } from '../auth/caller.ts';
import { acceptFormBodies } from '../http/form-body.ts';
import type { VeilApp } from '../http/server.ts';
import { contentSecurityPolicy } from '../pages/pages.routes.ts';
import {
  type AuthorizeOutcome,
  answerConsent,
  checkAuthorizeRequest,
  type Deps,
  issueConsentTicket,
  listPickableSites,
} from './authorize.service.ts';
import { renderAuthorizeError, renderConsentPage, renderSignInPrompt } from './consent.page.ts';

export type { Deps } from './authorize.service.ts';

const text = Type.Optional(Type.String({ maxLength: 4000 }));
const AuthorizeQuery = Type.Object({
  client_id: text,
  redirect_uri: text,
  scope: text,
  state: text,
  response_type: text,
  audience: text,
  prompt: text,
  code_challenge: text,
  code_challenge_method: text,
});

const ConsentForm = Type.Object(
  { ticket: text, decision: text, site: text },
  { additionalProperties: false },
);

/** The authorization page and the consent form's answer. */
export function registerAuthorizeRoutes(app: VeilApp, deps: Deps) {
  registerAuthorizePage(app, deps);
  registerConsentAnswer(app, deps);
}

function registerAuthorizePage(app: VeilApp, deps: Deps) {
  app.get(
    '/authorize',
    {
      schema: {
        tags: ['oauth'],
        summary: 'Ask a person to consent to an OAuth 2.0 (3LO) app',
        querystring: AuthorizeQuery,
      },
    },
    async (request, reply) => {
      const checked = await checkAuthorizeRequest(deps, request.query);
      if (
        checked.kind !== 'consent' ||
        request.session.state !== 'active' ||
        request.caller.kind !== 'person'
      )
        return checked.kind === 'consent'
          ? sendHtml(reply, 200, renderSignInPrompt(request.url))
          : sendOutcome(reply, checked);
      const person = requirePerson(request.caller);
      const ticket = await issueConsentTicket(deps, person, request.session.sessionId, checked.request);
      const sites = await listPickableSites(deps, person);
      const { app: oauthApp, scopes } = checked.request;
      const personName = person.account.profile.fullName;
      const html = renderConsentPage({ app: oauthApp, scopes, sites, ticket, personName });
      return sendHtml(reply, 200, html, new URL(oauthApp.callbackUrl).origin);
    },
  );
}

function registerConsentAnswer(app: VeilApp, deps: Deps) {
  void app.register(async (scope) => {
    acceptFormBodies(scope);
    scope.post(
      '/authorize',
      {
        // The ticket in the form is bound to the session and signed: it is this form's CSRF token.
        config: { credentialsInBody: true },
        schema: {
          tags: ['oauth'],
          summary: 'Accept or decline the consent (the consent page posts this form)',
          body: ConsentForm,
        },
      },
      async (request, reply) => {
        const person = requirePerson(request.caller);
        if (request.session.state !== 'active')
          return sendHtml(reply, 403, renderAuthorizeError('Sign in with a session to answer a consent.'));
        const answer = request.body as Static<typeof ConsentForm>;
        return sendOutcome(reply, await answerConsent(deps, person, request.session.sessionId, answer));
      },
    );
  });
}

function sendOutcome(reply: FastifyReply, outcome: AuthorizeOutcome) {
  if (outcome.kind === 'redirect')
    return reply.status(302).header('location', outcome.url).header('cache-control', 'no-store').send();
  const message = outcome.kind === 'error-page' ? outcome.message : 'Unexpected state';
  return sendHtml(reply, 400, renderAuthorizeError(message));
}

/**
 * An HTML page under the pages' Content-Security-Policy. The consent form's answer is a redirect to the
 * app's callback, which browsers check against `form-action` too: that one origin is added for it.
 */
function sendHtml(reply: FastifyReply, status: number, html: string, formRedirectOrigin?: string) {
  const policy = formRedirectOrigin
    ? contentSecurityPolicy.replace("form-action 'self'", `form-action 'self' ${formRedirectOrigin}`)
    : contentSecurityPolicy;
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', policy)
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'no-referrer')
    .send(html);
}
