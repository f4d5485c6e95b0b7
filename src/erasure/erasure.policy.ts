/**
 * What the erasure does to each table. Every table in the database has a line here: a table without
 * one is listed as unreviewed in every erasure report, and a test fails while any exists, so a
 * capability that adds a table decides, in the same change, what erasing a person does to it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { eraseLegacyIdentities, eraseSearchNames } from './erasure.repository.ts';

/** How one table is erased for one account. */
export type ErasurePolicy =
  /** The account's own row: the accountId stays, every personal value goes. */
  | { readonly action: 'scrub-account' }
  /** Rows about the person (memberships, roles, tokens, sessions, settings) are deleted. */
  | { readonly action: 'delete-rows'; readonly column: string }
  /** Rows that hold personal data among other things: the erasure rewrites them, and says how many. */
  | {
      readonly action: 'rewrite';
      readonly rewrite: (db: Kysely<Database>, accountId: string) => Promise<number>;
    }
  /** Nothing personal: accountIds, times, counts, or other people's and organizations' data. */
  | { readonly action: 'keep'; readonly reason: string };

const keep = (reason: string): ErasurePolicy => ({ action: 'keep', reason });
const deleteRows = (column = 'account_id'): ErasurePolicy => ({ action: 'delete-rows', column });

const accountIdsOnly = 'accountIds, times and counts only';
const notAboutPeople = 'holds no data about people';

/** The policy of every table, by name. */
export const erasurePolicies: Readonly<Record<string, ErasurePolicy>> = Object.freeze({
  accounts: { action: 'scrub-account' },
  visibility_settings: deleteRows(),
  platform_admins: deleteRows(),
  organization_admins: deleteRows(),
  site_admins: deleteRows(),
  site_account_products: deleteRows(),
  group_members: deleteRows(),
  api_tokens: deleteRows(),
  // Tokens an app got to act as the person: nobody is left to act as.
  connect_access_tokens: deleteRows(),
  sessions: deleteRows(),
  // The mail written to the person (its address and words) and a change of address still waiting.
  mail_messages: deleteRows(),
  email_changes: deleteRows(),
  // The link stays so the site still answers for the accountId (as a former user); the legacy username
  // and userKey on it go.
  site_accounts: { action: 'rewrite', rewrite: eraseLegacyIdentities },
  site_user_fields: keep(notAboutPeople),
  // What each audience finds the person by (names, emails), written from decided views; the queue of
  // accounts to index holds accountIds only.
  account_search_names: { action: 'rewrite', rewrite: eraseSearchNames },
  account_search_terms: deleteRows(),
  search_pending: keep(`accounts waiting to be indexed for search: ${accountIdsOnly}`),
  legacy_usage: keep(`who still called with usernames: ${accountIdsOnly}`),
  projects: keep('a project lead is an accountId, which renders as a former user'),
  // Issues keep what people did by accountId (reporter, author, changelog, mentions in text), which renders
  // as a former user; their watches and votes go.
  issue_types: keep(notAboutPeople),
  issue_custom_fields: keep(notAboutPeople),
  issue_projects: keep(notAboutPeople),
  // Projects (issue 15): a component lead is an accountId; a person's role memberships go with them.
  project_components: keep(`component leads: ${accountIdsOnly}`),
  project_roles: keep(notAboutPeople),
  project_role_actors: deleteRows(),
  issues: keep(`issue fields name people by ${accountIdsOnly}`),
  issue_field_values: keep(`user custom fields: ${accountIdsOnly}`),
  issue_watchers: deleteRows(),
  issue_votes: deleteRows(),
  issue_comments: keep(`authors by accountId; mentions in bodies are accountIds`),
  issue_worklogs: keep(`authors by accountId; mentions in comments are accountIds`),
  issue_histories: keep(`the author of a change: ${accountIdsOnly}`),
  // The wiki's spaces and content keep their creators, owners and authors by accountId, and mentions in
  // bodies as accountIds; each renders as a former user.
  wiki_spaces: keep(`the creator: ${accountIdsOnly}`),
  wiki_content: keep('authors and owners by accountId; mentions in bodies are accountIds'),
  issue_history_items: keep('user items hold accountIds; their names are rendered when read'),
  // issue 15, audit records: the site's record of what its admins did keeps who by accountId (rendered as a
  // former user once erased); summaries are fixed text and no IP address is kept.
  audit_records: keep(`fixed text, group and app names, ${accountIdsOnly}`),
  organizations: keep(notAboutPeople),
  organization_domains: keep(notAboutPeople),
  sites: keep(notAboutPeople),
  site_hosts: keep(notAboutPeople),
  site_products: keep(notAboutPeople),
  groups: keep(notAboutPeople),
  scenario_loads: keep('hashes of scenario files'),
  connect_apps: keep("apps and their own accounts' ids"),
  connect_installs: keep(notAboutPeople),
  connect_install_keys: keep(notAboutPeople),
  connect_install_claims: keep(notAboutPeople),
  connect_install_jobs: keep(`who asked for an install: ${accountIdsOnly}`),
  jobs: keep('job payloads carry ids only, never personal data'),
  job_attempts: keep(notAboutPeople),
  account_deletions: keep(`the request and its deadline: ${accountIdsOnly}`),
  erasure_reports: keep('the proof itself, which holds no personal data'),
  store_identity: keep(notAboutPeople),
  rate_limits: keep('request budgets of sites and apps: no data about people'),
  reported_accounts: keep(`what apps reported storing: ${accountIdsOnly}`),
  reporting_apps: keep(notAboutPeople),
  profile_reads: keep(`which apps read the profile, per day: ${accountIdsOnly}`),
  webhooks: keep(notAboutPeople),
  webhook_deliveries: keep(`whom an event was about: ${accountIdsOnly}; bodies are rendered when sent`),
  webhook_delivery_attempts: keep(notAboutPeople),
  // The access log: which app or admin read which field (its name, never its value) and when.
  field_reads: keep(`who read which field of the account: ${accountIdsOnly}, field names`),
  email_api_applications: keep(`an app's use cases and who applied or decided: ${accountIdsOnly}`),
  movable_clock: keep(notAboutPeople),
  // OAuth (3LO): the person's consents go, and with each grant (by its foreign keys) its sites, codes and
  // tokens; an app the person registered keeps their accountId as its developer.
  oauth_apps: keep(`an app and the developer who registered it: ${accountIdsOnly}`),
  oauth_grants: deleteRows(),
  // What apps (and the person) stored about the person: personal data, gone with them.
  user_properties: deleteRows(),
  // Filters and dashboards keep their owner's accountId (a former user); a share
  // permission naming the person and their favourites go.
  filters: keep(`the owner by accountId; JQL names people by ${accountIdsOnly}`),
  dashboards: keep(`the owner by ${accountIdsOnly}`),
  share_permissions: deleteRows(),
  favourites: deleteRows(),
  oauth_grant_sites: keep('deleted with their grant (by its foreign key); site ids and scopes only'),
  oauth_codes: keep('deleted with their grant (by its foreign key); hashes and times only'),
  oauth_tokens: keep('deleted with their grant (by its foreign key); hashes and times only'),
  // What the nodes follow: kinds and opaque keys (accountIds among them) and transaction ids, never a
  // value; rows older than the retention are pruned. The heartbeats of the running nodes.
  change_log: keep(`what changed, never how: ${accountIdsOnly}`),
  veil_nodes: keep(notAboutPeople),
  kysely_migration: keep(notAboutPeople),
  kysely_migration_lock: keep(notAboutPeople),
  // forge (issue 16): an app installed on a site, its manifest and the scopes consented to.
  forge_installations: keep(notAboutPeople),
  forge_signing_keys: keep(notAboutPeople),
});
