import { renderAccountView } from '../accounts/accounts.representation.ts';
import { AccountParams, AccountView } from '../accounts/accounts.schemas.ts';
import { requirePerson } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { VeilErrorBody, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { AdminEmailBody, EmailChangeConfirmBody, EmailChangeConfirmed } from './email-changes.schemas.ts';
import { confirmEmailChange, setEmailAsAdmin } from './email-changes.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

/** Email changes: following a confirmation link, and admins setting an address. */
export function registerEmailChangeRoutes(app: VeilApp, deps: Deps) {
  const tags = ['accounts'];
  const { db, clock } = deps;

  app.post(
    '/veil/v1/email-changes/confirm',
    {
      schema: {
        tags,
        summary:
          'Follow the link mailed to a new address: the address becomes the account’s (no sign-in needed)',
        security: [],
        body: EmailChangeConfirmBody,
        response: { 200: EmailChangeConfirmed, ...veilErrors, 410: VeilErrorBody },
      },
    },
    async (request) => {
      const { account, organization } = await confirmEmailChange(db, clock, request.body.token);
      return {
        email: account.profile.email ?? '',
        managedBy: organization ? { organizationId: organization.id, name: organization.name } : null,
      };
    },
  );

  app.put(
    '/veil/v1/accounts/:accountId/email',
    {
      schema: {
        tags,
        summary:
          "Set an account's email address, no link needed (platform admins; the managing organization's admins, within its verified domains)",
        params: AccountParams,
        body: AdminEmailBody,
        response: { 200: AccountView, ...veilErrors },
      },
    },
    async (request) => {
      const { accountId } = request.params;
      const account = await setEmailAsAdmin(db, clock, request.caller, accountId, request.body.email);
      return renderAccountView(account, requirePerson(request.caller).viewer, baseUrlOf(request));
    },
  );
}
