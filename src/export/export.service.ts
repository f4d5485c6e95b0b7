/**
 * A person's export: everything Veil holds about them, as one document. It is rendered through the one
 * decision with the person as the viewer (who sees every field of their own), holds only what is about
 * them (group names, not group members; app keys, not other people), and no secret (tokens and sessions
 * are metadata only).
 */

import type { Static } from 'typebox';
import { buildAccessLog } from '../access-log/access-log.service.ts';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { renderOwnProfile, renderVisibilityMap } from '../accounts/accounts.representation.ts';
import { getAccount } from '../accounts/accounts.service.ts';
import { withholdConfirmationLinks } from '../accounts-api/email-changes.mail.ts';
import { findPendingEmailChange } from '../accounts-api/email-changes.service.ts';
import { findAppNames } from '../apps/apps.repository.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import { listApiTokens } from '../credentials/credentials.service.ts';
import type { TokenUseRecorder } from '../credentials/token-uses.ts';
import type { StoreDeps } from '../db/schema.ts';
import { deletionRowToDeletion } from '../deletion/deletion.model.ts';
import { findLatestDeletionRow } from '../deletion/deletion.repository.ts';
import { renderDeletion } from '../deletion/deletion.representation.ts';
import type { Directory } from '../directory/directory.ts';
import { findOwnedFiltersAndDashboards } from '../filters/filters.export.ts';
import { listMailOfAccount } from '../mail/mail.service.ts';
import { getOrganization } from '../organizations/organizations.service.ts';
import { findReportsOfAccount } from '../reporting/reporting.repository.ts';
import { findSiteIdsOfAccount } from '../sites/site-links.repository.ts';
import { getLink } from '../sites/site-links.service.ts';
import { listStoredAboutAccount } from '../user-properties/user-properties.repository.ts';
import { decideProfileView } from '../visibility/visibility.ts';
import {
  findActingTokens,
  findDeliveriesAbout,
  findIssuesOfPerson,
  findSessionTimes,
  findWikiContentOfPerson,
  type IssueRole,
} from './export.repository.ts';
import type { PersonalDataExport } from './export.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
  readonly tokenUses: TokenUseRecorder;
}

type Export = Static<typeof PersonalDataExport>;

/** How many webhook deliveries about the person the export lists (newest first). */
const deliveriesListed = 1000;

/** How many of the newest messages to the person the export lists. */
const mailListed = 1000;

/** Builds the caller's export. */
export async function buildExport(deps: Deps, caller: PersonCaller, baseUrl: string): Promise<Export> {
  const { db } = deps;
  const accountId = caller.account.accountId;
  await deps.tokenUses.flush();
  const [core, tokens, sessions, deletion, accessLog, sites, apps, mail, issues, wiki] = await Promise.all([
    exportAccount(deps, caller, baseUrl),
    listApiTokens(db, accountId),
    findSessionTimes(db, accountId),
    findLatestDeletionRow(db, accountId),
    buildAccessLog(deps, caller),
    exportSites(deps, accountId),
    exportApps(deps, accountId),
    exportMail(deps, accountId),
    exportIssues(deps, accountId),
    exportWiki(deps, accountId),
  ]);
  return {
    exportedAt: deps.clock.now().toISOString(),
    ...core,
    sites,
    roles: {
      platformAdmin: caller.isPlatformAdmin,
      organizationAdmin: [...caller.administeredOrganizationIds],
      siteAdmin: [...caller.administeredSiteIds],
    },
    apiTokens: tokens.map((t) => ({
      id: t.id,
      label: t.label,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    })),
    sessions: sessions.map((s) => ({
      createdAt: s.created_at.toISOString(),
      expiresAt: s.expires_at.toISOString(),
    })),
    consents: [],
    ...apps,
    accessLog,
    deletion: deletion ? renderDeletion(deletionRowToDeletion(deletion)) : null,
    ...mail,
    issues,
    wiki,
    ...(await findOwnedFiltersAndDashboards(db, accountId)),
    storedAboutYou: await exportStoredAboutYou(deps, accountId),
  };
}

/** How many issues of each kind the export lists (oldest first). */
const issuesListed = 1000;

/** The issues the person reported, is assigned, commented on and logged work on: ids, keys, summaries. */
async function exportIssues(deps: Deps, accountId: string): Promise<Export['issues']> {
  const roles: IssueRole[] = ['reporter_id', 'assignee_id', 'issue_comments', 'issue_worklogs'];
  const [reported, assigned, commented, loggedWorkOn] = await Promise.all(
    roles.map(async (role) =>
      (await findIssuesOfPerson(deps.db, accountId, role, issuesListed)).map((row) => ({
        issueId: String(row.issue_id),
        siteId: row.site_id,
        key: `${row.project_key}-${row.issue_number}`,
        summary: row.summary,
      })),
    ),
  );
  return {
    reported: reported ?? [],
    assigned: assigned ?? [],
    commented: commented ?? [],
    loggedWorkOn: loggedWorkOn ?? [],
  };
}

/** The wiki pages and comments the person wrote: ids, spaces and titles. */
async function exportWiki(deps: Deps, accountId: string): Promise<Export['wiki']> {
  const [pages, comments] = await Promise.all(
    (['page', 'comment'] as const).map(async (type) =>
      (await findWikiContentOfPerson(deps.db, accountId, type, issuesListed)).map((row) => ({
        contentId: String(row.content_id),
        siteId: row.site_id,
        spaceKey: row.space_key,
        title: row.title,
      })),
    ),
  );
  return { pages: pages ?? [], comments: comments ?? [] };
}

/** What apps (and the person) stored about the person: every writer's properties, and their preferences. */
async function exportStoredAboutYou(deps: Deps, accountId: string) {
  const rows = await listStoredAboutAccount(deps.db, accountId);
  return rows.map((row) => ({
    writtenBy: row.writer === '' ? 'you' : row.writer === '#preferences' ? 'preferences' : row.writer,
    key: row.property_key,
    value: JSON.parse(row.value) as unknown,
    updatedAt: row.updated_at.toISOString(),
  }));
}

/**
 * The mail Veil wrote to the person, and a change of address waiting for its link. A confirmation link
 * is withheld: the mail went to the new address, not to the person reading the export.
 */
async function exportMail(deps: Deps, accountId: string) {
  const [pending, messages] = await Promise.all([
    findPendingEmailChange(deps.db, deps.clock, accountId),
    listMailOfAccount(deps.db, accountId, mailListed),
  ]);
  return {
    pendingEmailChange: pending ? { email: pending.email, expiresAt: pending.expiresAt.toISOString() } : null,
    mailToYou: messages.map((m) => ({
      to: m.to,
      subject: m.subject,
      text: withholdConfirmationLinks(m.text),
      status: m.status,
      createdAt: m.createdAt.toISOString(),
    })),
  };
}

/** The account, its profile (through the decision, the person as viewer) and its settings. */
async function exportAccount(deps: Deps, caller: PersonCaller, baseUrl: string) {
  const account = await getAccount(deps.db, caller.account.accountId);
  const view = decideProfileView(accountToProfileSubject(account), caller.viewer);
  const organization = account.managingOrganizationId
    ? await getOrganization(deps.db, account.managingOrganizationId)
    : null;
  return {
    account: {
      accountId: account.accountId,
      accountType: account.accountType,
      status: account.status,
      createdAt: account.createdAt.toISOString(),
      updatedAt: account.updatedAt.toISOString(),
      managedBy: organization ? { organizationId: organization.id, name: organization.name } : null,
    },
    profile: renderOwnProfile(view, baseUrl),
    visibility: renderVisibilityMap(account),
  };
}

/** What apps hold, hold for, and were told about the person. */
async function exportApps(deps: Deps, accountId: string) {
  const [acting, reports, deliveries] = await Promise.all([
    findActingTokens(deps.db, accountId),
    findReportsOfAccount(deps.db, accountId),
    findDeliveriesAbout(deps.db, accountId, deliveriesListed),
  ]);
  const names = await findAppNames(deps.db, [
    ...acting.map((t) => t.app_key),
    ...reports.map((r) => r.app_key),
  ]);
  return {
    appsActingForYou: acting.map((t) => ({
      appKey: t.app_key,
      appName: names.get(t.app_key) ?? t.app_key,
      siteId: t.site_id,
      scopes: t.scopes.split(' ').filter(Boolean),
      issuedAt: t.created_at.toISOString(),
      expiresAt: t.expires_at.toISOString(),
    })),
    appsHoldingYourData: reports.map((r) => ({
      appKey: r.app_key,
      appName: names.get(r.app_key) ?? r.app_key,
      firstReportedAt: r.first_reported_at.toISOString(),
      lastReportedAt: r.last_reported_at.toISOString(),
    })),
    appsToldAboutYou: deliveries.map((d) => ({
      appKey: d.app_key,
      siteId: d.site_id,
      event: d.event,
      status: d.status,
      at: d.created_at.toISOString(),
    })),
  };
}

/** The person's sites: when linked, product access, the names of their groups, their legacy identity. */
async function exportSites(deps: Deps, accountId: string): Promise<Export['sites']> {
  const siteIds = await findSiteIdsOfAccount(deps.db, accountId);
  const links = await Promise.all(siteIds.map((siteId) => getLink(deps.db, siteId, accountId)));
  return links.map((link, index) => ({
    siteId: siteIds[index] as string,
    linkedAt: link.linkedAt.toISOString(),
    products: [...link.products],
    groups: link.groups.map((group) => group.name),
    username: link.username,
    userKey: link.userKey,
  }));
}
