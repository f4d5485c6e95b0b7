import { renderAccountView } from '../accounts/accounts.representation.ts';
import { statusOnLink } from '../sites/site-links.model.ts';
import type { Viewer } from '../visibility/visibility.ts';
import type { LinkedAccount } from './linked-accounts.service.ts';

/** A site's links as its admin sees them: each account through the one decision, and its access here. */
export function renderLinkedAccounts(
  entries: readonly LinkedAccount[],
  siteId: string,
  viewer: Viewer,
  baseUrl: string,
) {
  return entries.map(({ link, account }) => ({
    account: renderAccountView(account, viewer, baseUrl),
    products: [...link.products],
    groups: [...link.groups],
    linkedAt: link.linkedAt.toISOString(),
    active: statusOnLink(account, siteId, link) === 'active',
    username: link.username,
    userKey: link.userKey,
  }));
}
