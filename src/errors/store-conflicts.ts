/**
 * The one place where the store refusing a change becomes an error of the catalogue. Limits and
 * uniqueness are kept by the database (constraints, row locks), so two requests at the same instant
 * can meet at a unique key: the loser's violation is named here by its constraint and answered with
 * the documented 4xx, never a 500. Messages are fixed: no SQL, value or detail of the store leaves.
 */
import type { ErrorCode } from './catalogue.ts';
import { VeilError } from './veil-error.ts';

type Conflict = readonly [code: ErrorCode, message: string];

const emailTaken: Conflict = ['account.email_taken', 'Another account already uses this email address'];
const installUnderWay: Conflict = [
  'connect.install_in_progress',
  'The app is being installed on this site by another request; try again once that install ends',
];

/** Unique constraints (and unique indexes) by name, and the error each stands for. */
const uniqueConstraints: ReadonlyMap<string, Conflict> = new Map(
  Object.entries({
    accounts_pkey: ['account.id_taken', 'An account with this accountId already exists'],
    accounts_app_key_key: ['account.app_key_taken', 'An app account for this app key already exists'],
    accounts_global_email: emailTaken,
    accounts_customer_email: emailTaken,
    account_deletions_one_open: [
      'deletion.already_requested',
      'A deletion of this account is already waiting',
    ],
    organizations_pkey: ['organization.id_taken', 'An organization with this id already exists'],
    organization_domains_pkey: [
      'organization.domain_taken',
      'Another organization already verified this domain',
    ],
    sites_pkey: ['site.id_taken', 'A site with this id already exists'],
    site_hosts_pkey: ['site.host_taken', 'Another site already answers for this host name'],
    groups_site_id_name_normalized_key: ['group.name_taken', 'The site already has a group with this name'],
    projects_pkey: ['project.key_taken', 'The site already has a project with this key'],
    site_accounts_username: ['migration.username_taken', 'Another account of the site has this username'],
    site_accounts_user_key: ['migration.user_key_taken', 'Another account of the site has this userKey'],
    connect_installs_site_id_app_key_key: installUnderWay,
    connect_install_claims_pkey: installUnderWay,
  } satisfies Record<string, Conflict>),
);

/** The constraints named above: a storage test checks that the migrated schema has each of them. */
export const namedUniqueConstraints: readonly string[] = [...uniqueConstraints.keys()];

const anyOtherConflict: Conflict = [
  'request.conflict',
  'The change collided with another made at the same instant; read the current state and try again',
];

// unique_violation; serialization_failure and deadlock_detected (a transaction the store gave up on).
const uniqueViolation = '23505';
const gaveUp = new Set(['40001', '40P01']);

/** The catalogue error for a store error that two changes at once cause; undefined for any other error. */
export function errorForStoreConflict(error: unknown): VeilError | undefined {
  const candidate = error as { code?: unknown; constraint?: unknown } | null;
  if (typeof candidate?.code !== 'string') return undefined;
  if (candidate.code === uniqueViolation) {
    const named = uniqueConstraints.get(String(candidate.constraint));
    const [code, message] = named ?? anyOtherConflict;
    return new VeilError(code, message);
  }
  if (gaveUp.has(candidate.code)) return new VeilError(...anyOtherConflict);
  return undefined;
}
