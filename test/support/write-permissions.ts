/**
 * Who may write what: every write route Veil registers, each with the kinds of caller that may call it
 * (every other kind must be refused, and the store left as it was) and a valid request aimed at the
 * world's targets (the site acme, the organization acme, Mia as `self`). The rules are written by API in
 * `write-rules.veil.ts`, `write-rules.sites.ts` and `write-rules.product.ts`; the caller kinds are in
 * `write-world.ts`. `test/http/write-matrix.test.ts` checks Veil against them.
 */

import { dashboardRules, filterRules } from './write-rules.filters.ts';
import { forgeRules } from './write-rules.forge.ts';
import { issueRules, issueSearchRules } from './write-rules.issues.ts';
import { oauthRules } from './write-rules.oauth.ts';
import {
  appRules,
  deactivationRules,
  goneRules,
  productRules,
  trackerAdminRules,
  upmRules,
  wikiGroupRules,
} from './write-rules.product.ts';
import { projectRules } from './write-rules.projects.ts';
import type { WriteRule } from './write-rules.shared.ts';
import { siteRules } from './write-rules.sites.ts';
import { userRules } from './write-rules.users.ts';
import { accountRules, personalRules } from './write-rules.veil.ts';
import { wikiRules } from './write-rules.wiki.ts';

export type { WriteRequest, WriteRule } from './write-rules.shared.ts';

/** The whole table. */
export const writeRules: readonly WriteRule[] = [
  ...personalRules,
  ...accountRules,
  ...siteRules,
  ...goneRules,
  ...trackerAdminRules,
  ...wikiGroupRules,
  ...deactivationRules,
  ...productRules,
  ...appRules,
  ...upmRules,
  ...oauthRules,
  ...issueRules,
  ...issueSearchRules,
  ...wikiRules,
  ...userRules,
  ...projectRules,
  ...filterRules,
  ...dashboardRules,
  ...forgeRules,
];

/** `METHOD /route` with parameters and trailing slashes written one way, to compare with Veil's routes. */
export function routeKey(method: string, route: string): string {
  const path = route.replace(/\{([^}]+)\}/g, ':$1').replace(/\/+$/, '');
  return `${method.toUpperCase()} ${path || '/'}`;
}
