import type { AccessLogTables } from '../access-log/access-log.table.ts';
import type { ProfileReadTables } from '../access-log/profile-reads.table.ts';
import type { AccountTables } from '../accounts/accounts.table.ts';
import type { EmailChangeTables } from '../accounts/email-changes.table.ts';
import type { ClockTables } from '../clock/clock.table.ts';
import type { ConnectTables } from '../connect/apps.table.ts';
import type { CredentialTables } from '../credentials/credentials.table.ts';
import type { DeletionTables } from '../deletion/deletion.table.ts';
import type { EmailApiTables } from '../email-api/email-api.table.ts';
import type { ErasureTables } from '../erasure/erasure.table.ts';
import type { JobTables } from '../jobs/jobs.table.ts';
import type { MailTables } from '../mail/mail.table.ts';
import type { MigrationTables } from '../migration/migration.table.ts';
import type { OrganizationTables } from '../organizations/organizations.table.ts';
import type { RateLimitTables } from '../rate-limits/rate-limits.table.ts';
import type { ReportingTables } from '../reporting/reporting.table.ts';
import type { SiteTables } from '../sites/sites.table.ts';
import type { VisibilityTables } from '../visibility/visibility.table.ts';
import type { WebhookTables } from '../webhooks/webhooks.table.ts';

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
    ProfileReadTables,
    AccessLogTables,
    EmailApiTables,
    RateLimitTables,
    MailTables,
    EmailChangeTables {}
