import type { Kysely } from 'kysely';
import type { Account } from '../accounts/accounts.model.ts';
import { listAccountRowsInDomain } from '../accounts/accounts.repository.ts';
import { findAccounts, getAccount } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  deleteAdminRow,
  deleteDomainRow,
  findAdminRows,
  findDomainRow,
  findDomainRows,
  findOrganizationRow,
  insertAdminRow,
  insertDomainRow,
  insertOrganizationRow,
  listOrganizationRows,
} from './organizations.repository.ts';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly verifiedDomains: string[];
  readonly admins: string[];
}

export interface NewOrganization {
  id: string;
  name: string;
  verifiedDomains?: string[];
  admins?: string[];
}

/** Lower-cased, without a trailing dot: the form domains are matched in. */
export function normalizeDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/** Who previews a domain: a platform admin may preview any domain. */
export interface DomainPreviewer {
  readonly isPlatformAdmin: boolean;
}

/** Creates the organization with its domains and admins, all or nothing (in its own transaction if need be). */
export async function createOrganization(
  db: Kysely<Database>,
  clock: Clock,
  input: NewOrganization,
): Promise<Organization> {
  const create = (trx: Kysely<Database>) => insertOrganization(trx, clock, input);
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}

async function insertOrganization(
  db: Kysely<Database>,
  clock: Clock,
  input: NewOrganization,
): Promise<Organization> {
  try {
    await insertOrganizationRow(db, input.id, input.name, clock.now());
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('organization.id_taken', `An organization ${input.id} already exists`);
    throw error;
  }
  for (const domain of input.verifiedDomains ?? []) await verifyDomain(db, clock, input.id, domain);
  for (const accountId of input.admins ?? []) await addOrganizationAdmin(db, input.id, accountId);
  return getOrganization(db, input.id);
}

export async function getOrganization(db: Kysely<Database>, id: string): Promise<Organization> {
  const row = await findOrganizationRow(db, id);
  if (!row) throw new VeilError('organization.not_found', `No organization has the id ${id}`);
  const [organization] = await assembleOrganizations(db, [row]);
  return organization!;
}

export async function listOrganizations(db: Kysely<Database>): Promise<Organization[]> {
  return assembleOrganizations(db, await listOrganizationRows(db));
}

async function assembleOrganizations(
  db: Kysely<Database>,
  rows: { organization_id: string; name: string }[],
) {
  const ids = rows.map((row) => row.organization_id);
  const domains = await findDomainRows(db, ids);
  const admins = await findAdminRows(db, ids);
  return rows.map((row) => ({
    id: row.organization_id,
    name: row.name,
    verifiedDomains: domains.filter((d) => d.organization_id === row.organization_id).map((d) => d.domain),
    admins: admins
      .filter((a) => a.organization_id === row.organization_id)
      .map((a) => a.account_id)
      .sort(),
  }));
}

/**
 * Verifies a domain for the organization: every global account with an email there becomes managed by
 * it. Whether this call added it (false: the organization had it already). The domain's primary key
 * decides between verifications at the same instant: one adds it, the others find it.
 */
export async function verifyDomain(
  db: Kysely<Database>,
  clock: Clock,
  organizationId: string,
  domain: string,
): Promise<boolean> {
  await getOrganization(db, organizationId);
  const normalized = normalizeDomain(domain);
  if (await insertDomainRow(db, organizationId, normalized, clock.now())) return true;
  const owner = await findDomainRow(db, normalized);
  if (owner && owner.organization_id !== organizationId) {
    throw new VeilError('organization.domain_taken', `Another organization already verified ${normalized}`);
  }
  return false;
}

/** Removes a verified domain: its accounts are no longer managed (their locks lapse with it). */
export async function removeDomain(db: Kysely<Database>, organizationId: string, domain: string) {
  await getOrganization(db, organizationId);
  const removed = await deleteDomainRow(db, organizationId, normalizeDomain(domain));
  if (!removed)
    throw new VeilError('organization.domain_not_found', `${organizationId} has not verified ${domain}`);
}

/** The global accounts whose email is in `domain`: those a verification would make managed. */
export async function findAccountsInDomain(db: Kysely<Database>, domain: string): Promise<Account[]> {
  const rows = await listAccountRowsInDomain(db, normalizeDomain(domain));
  return findAccounts(
    db,
    rows.map((row) => row.account_id),
  );
}

/**
 * The accounts a preview of `domain` for the organization may list: its own verified domains for its
 * admins; any domain for a platform admin, who verifies domains and administers every account (so a
 * domain another organization holds is previewed, and its verification then answers why it cannot be).
 * Any other domain is `organization.domain_not_found`, as if it were not there.
 */
export async function previewDomain(
  db: Kysely<Database>,
  organizationId: string,
  domain: string,
  previewer: DomainPreviewer,
): Promise<Account[]> {
  await getOrganization(db, organizationId);
  const normalized = normalizeDomain(domain);
  const owner = (await findDomainRow(db, normalized))?.organization_id ?? null;
  const previewable = owner === organizationId || previewer.isPlatformAdmin;
  if (!previewable)
    throw new VeilError('organization.domain_not_found', `${organizationId} has not verified ${normalized}`);
  return findAccountsInDomain(db, normalized);
}

export async function addOrganizationAdmin(db: Kysely<Database>, organizationId: string, accountId: string) {
  await getOrganization(db, organizationId);
  await getAccount(db, accountId);
  await insertAdminRow(db, organizationId, accountId);
}

/** Makes the account an admin of the organization; the organization as it now is. */
export async function appointOrganizationAdmin(
  db: Kysely<Database>,
  organizationId: string,
  accountId: string,
): Promise<Organization> {
  await addOrganizationAdmin(db, organizationId, accountId);
  return getOrganization(db, organizationId);
}

export async function removeOrganizationAdmin(
  db: Kysely<Database>,
  organizationId: string,
  accountId: string,
) {
  await getOrganization(db, organizationId);
  await deleteAdminRow(db, organizationId, accountId);
}

/** The accounts the organization manages, through all its verified domains. */
export async function listManagedAccounts(db: Kysely<Database>, organizationId: string): Promise<Account[]> {
  const organization = await getOrganization(db, organizationId);
  const perDomain = await Promise.all(
    organization.verifiedDomains.map((domain) => findAccountsInDomain(db, domain)),
  );
  return perDomain.flat();
}
