/**
 * Whose budget a request spends, and how big it is. Pure: no I/O. Budgets follow the tracker's cost
 * budgets: a person, an app, an app acting for a person (its own budget per person), and anonymous
 * callers by address; each on one site.
 */

import type { Caller } from '../auth/caller.ts';
import type { RateBudget } from '../config/config.ts';

/** The budgets scenarios gave sites and apps, by site id and app key. */
export interface RateLimitPolicies {
  readonly sites: ReadonlyMap<string, RateBudget>;
  readonly apps: ReadonlyMap<string, RateBudget>;
}

/** The budget one request spends: who spends it (the key) and its size. */
export interface RequestBudget {
  readonly key: string;
  readonly budget: RateBudget;
}

/**
 * The budget of a request: an app's own (from its scenario) before its site's, a site's before the
 * default. Each caller has its own count, on each site.
 */
export function chooseRequestBudget(
  caller: Caller,
  siteId: string | null,
  address: string,
  policies: RateLimitPolicies,
  fallback: RateBudget,
): RequestBudget {
  const site = siteId ?? '';
  const siteBudget = policies.sites.get(site) ?? fallback;
  switch (caller.kind) {
    case 'anonymous':
      return { key: `${site}|address:${address}`, budget: siteBudget };
    case 'app':
      return {
        key: `${site}|app:${caller.appKey}`,
        budget: policies.apps.get(caller.appKey) ?? siteBudget,
      };
    case 'person': {
      const acting = caller.impersonation;
      // An OAuth app acting for a person has its own budget per person, as a Connect app has.
      if (caller.oauthApp)
        return {
          key: `${site}|oauth:${caller.oauthApp.clientId}|person:${caller.account.accountId}`,
          budget: siteBudget,
        };
      if (!acting) return { key: `${site}|person:${caller.account.accountId}`, budget: siteBudget };
      return {
        key: `${site}|app:${acting.appKey}|person:${caller.account.accountId}`,
        budget: policies.apps.get(acting.appKey) ?? siteBudget,
      };
    }
  }
}
