import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import * as foundation from './migrations/20261122T2000_foundation.ts';
import * as changeNotifications from './migrations/20261122T2100_change_notifications.ts';
import * as connectApps from './migrations/20261122T2200_connect_apps.ts';
import * as jobs from './migrations/20261123T0900_jobs.ts';
import * as webhooks from './migrations/20261123T1100_webhooks.ts';
import * as migrationPeriod from './migrations/20261123T1200_migration_period.ts';
import * as connectAccessTokens from './migrations/20261123T1300_connect_access_tokens.ts';
import * as accountLifecycle from './migrations/20261123T1500_account_lifecycle.ts';
import * as emailApi from './migrations/20261123T1600_email_api.ts';
import * as movableClock from './migrations/20261123T1700_movable_clock.ts';
import * as installJobsOnJobRunner from './migrations/20261201T1200_install_jobs_on_job_runner.ts';
import * as mailAndEmailChanges from './migrations/20261207T1000_mail_and_email_changes.ts';
import * as siteLinkDeactivation from './migrations/20261207T1100_site_link_deactivation.ts';
import * as databaseLimits from './migrations/20261207T1200_database_limits.ts';
import * as rateLimits from './migrations/20261207T1300_rate_limits.ts';
import * as erasureDisk from './migrations/20261207T1500_erasure_disk.ts';
import * as changeLog from './migrations/20261207T1600_change_log.ts';
import * as accountSearch from './migrations/20261207T1620_account_search.ts';
import * as erasureFence from './migrations/20261207T1630_erasure_fence.ts';
import * as issues from './migrations/20261207T1700_issues.ts';
import * as oauthApps from './migrations/20261207T1710_oauth_apps.ts';
import * as accountIndexes from './migrations/20261207T1720_account_indexes.ts';
import * as searchIndexOrder from './migrations/20261207T1730_search_index_order.ts';
import * as issueSearchIndexes from './migrations/20261207T1800_issue_search_indexes.ts';
import * as worklogsAndIssueWebhooks from './migrations/20261207T1810_worklogs_and_issue_webhooks.ts';
import * as userProperties from './migrations/20261207T1830_user_properties.ts';
import * as trackerProjects from './migrations/20261208T0100_projects.ts';
import * as filters from './migrations/20261208T0110_filters.ts';
import * as auditRecords from './migrations/20261208T0120_audit_records.ts';
import * as wikiContent from './migrations/20261208T0130_wiki_content.ts';
import * as forgeApps from './migrations/20261208T0140_forge_apps.ts';
import type { Database } from './schema.ts';

/** Every migration, by its timestamped name. Migrations are never edited once they land. */
const migrations: Record<string, Migration> = {
  '20261122T2000_foundation': foundation,
  '20261122T2100_change_notifications': changeNotifications,
  '20261122T2200_connect_apps': connectApps,
  '20261123T0900_jobs': jobs,
  '20261123T1100_webhooks': webhooks,
  '20261123T1200_migration_period': migrationPeriod,
  '20261123T1300_connect_access_tokens': connectAccessTokens,
  '20261123T1500_account_lifecycle': accountLifecycle,
  '20261123T1600_email_api': emailApi,
  '20261123T1700_movable_clock': movableClock,
  '20261201T1200_install_jobs_on_job_runner': installJobsOnJobRunner,
  '20261207T1000_mail_and_email_changes': mailAndEmailChanges,
  '20261207T1100_site_link_deactivation': siteLinkDeactivation,
  '20261207T1200_database_limits': databaseLimits,
  '20261207T1500_erasure_disk': erasureDisk,
  '20261207T1300_rate_limits': rateLimits,
  '20261207T1600_change_log': changeLog,
  '20261207T1620_account_search': accountSearch,
  '20261207T1630_erasure_fence': erasureFence,
  '20261207T1700_issues': issues,
  '20261207T1710_oauth_apps': oauthApps,
  '20261207T1720_account_indexes': accountIndexes,
  '20261207T1730_search_index_order': searchIndexOrder,
  '20261207T1800_issue_search_indexes': issueSearchIndexes,
  '20261207T1810_worklogs_and_issue_webhooks': worklogsAndIssueWebhooks,
  '20261207T1830_user_properties': userProperties,
  '20261208T0100_projects': trackerProjects,
  '20261208T0110_filters': filters,
  '20261208T0120_audit_records': auditRecords,
  '20261208T0130_wiki_content': wikiContent,
  '20261208T0140_forge_apps': forgeApps,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the store up to the newest schema; throws with the failing migration's error. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : '';
    throw new Error(`migration failed${name}: ${(error as Error).message ?? error}`);
  }
}
