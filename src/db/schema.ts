import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { AccessLogTables } from './tables/access-log.table.ts';
import type { AccountTables } from './tables/accounts.table.ts';
import type { ConnectTables } from './tables/apps.table.ts';
import type { AuditTables } from './tables/audit.table.ts';
import type { ChangeLogTables } from './tables/change-log.table.ts';
import type { ClockTables } from './tables/clock.table.ts';
import type { CredentialTables } from './tables/credentials.table.ts';
import type { DeletionTables } from './tables/deletion.table.ts';
import type { EmailApiTables } from './tables/email-api.table.ts';
import type { EmailChangeTables } from './tables/email-changes.table.ts';
import type { ErasureTables } from './tables/erasure.table.ts';
import type { FilterTables } from './tables/filters.table.ts';
import type { ForgeTables } from './tables/forge.table.ts';
import type { IssueTables } from './tables/issues.table.ts';
import type { JobTables } from './tables/jobs.table.ts';
import type { MailTables } from './tables/mail.table.ts';
import type { MigrationTables } from './tables/migration.table.ts';
import type { OAuthTables } from './tables/oauth.table.ts';
import type { OrganizationTables } from './tables/organizations.table.ts';
import type { ProfileReadTables } from './tables/profile-reads.table.ts';
import type { ProjectTables } from './tables/projects.table.ts';
import type { RateLimitTables } from './tables/rate-limits.table.ts';
import type { ReportingTables } from './tables/reporting.table.ts';
import type { SearchTables } from './tables/search.table.ts';
import type { SiteTables } from './tables/sites.table.ts';
import type { UserPropertyTables } from './tables/user-properties.table.ts';
import type { VisibilityTables } from './tables/visibility.table.ts';
import type { WebhookTables } from './tables/webhooks.table.ts';
import type { WikiTables } from './tables/wiki.table.ts';

/** Every table Veil has, as Kysely sees it. Each capability declares its own in `*.table.ts`. */
export interface Database
  extends AccountTables,
    ClockTables,
    VisibilityTables,
    OrganizationTables,
    SiteTables,
    CredentialTables,
    ConnectTables,
    JobTables,
    WebhookTables,
    MigrationTables,
    DeletionTables,
    ErasureTables,
    ReportingTables,
    SearchTables,
    ProfileReadTables,
    AccessLogTables,
    EmailApiTables,
    RateLimitTables,
    MailTables,
    EmailChangeTables,
    ChangeLogTables,
    OAuthTables,
    IssueTables,
    UserPropertyTables,
    ProjectTables,
    WikiTables,
    FilterTables,
    AuditTables,
    ForgeTables {}

/** The store and Veil's clock: what most services, routes and jobs are given (the rest they name). */
export interface StoreDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}
