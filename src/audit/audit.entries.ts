/**
 * The records of each admin action: fixed summaries and categories, people as accountIds, groups and
 * apps by id and name. Pure; the action that happens writes its entry with `recordAudit` in its transaction.
 */
import type { AuditChange, AuditEntry, AuditEventSource, AuditItem } from './audit.model.ts';

/** Who did it and through what. */
export interface AuditActor {
  /** The person's or app's accountId; null when Veil did it (a job). */
  readonly authorAccountId: string | null;
  readonly eventSource: AuditEventSource;
}

/** A person: the accountId only (the name is rendered for the reader). */
export const userItem = (accountId: string): AuditItem => ({ id: accountId, typeName: 'USER' });
export const groupItem = (group: { groupId: string; name: string }): AuditItem => ({
  id: group.groupId,
  name: group.name,
  typeName: 'GROUP',
});
export const appItem = (appKey: string): AuditItem => ({ id: appKey, name: appKey, typeName: 'APP' });
export const siteItem = (siteId: string): AuditItem => ({ id: siteId, name: siteId, typeName: 'SITE' });

/** A changed value (never personal: a flag, products, group names). */
export const change = (fieldName: string, changedFrom: string, changedTo: string): AuditChange => ({
  fieldName,
  changedFrom,
  changedTo,
});

type Extra = Pick<AuditEntry, 'associatedItems' | 'changedValues' | 'description'>;

function userEntry(actor: AuditActor, summary: string, accountId: string, extra: Extra = {}): AuditEntry {
  return { ...actor, category: 'user management', summary, objectItem: userItem(accountId), ...extra };
}

/** A person added to the site (an account created for them, or theirs linked), with the products given. */
export function userAddedToSite(actor: AuditActor, accountId: string, created: boolean, products: string[]) {
  const changedValues = products.map((product) => change('product', '', product));
  return userEntry(actor, created ? 'User created' : 'User added to site', accountId, { changedValues });
}

export const userRemovedFromSite = (actor: AuditActor, accountId: string) =>
  userEntry(actor, 'User removed from site', accountId);

/** The products a person has on the site changed. */
export function userProductsChanged(actor: AuditActor, accountId: string, from: string[], to: string[]) {
  const changedValues = [change('products', [...from].sort().join(', '), [...to].sort().join(', '))];
  return userEntry(actor, 'User product access changed', accountId, { changedValues });
}

/** A linked person's access to the site changed (products, groups, `active`): the values that changed. */
export const userAccessChanged = (actor: AuditActor, accountId: string, changedValues: AuditChange[]) =>
  userEntry(actor, 'User site access changed', accountId, { changedValues });

/** A person deactivated (`active: false`) or reactivated. */
export function userActiveChanged(actor: AuditActor, accountId: string, active: boolean) {
  const changedValues = [change('active', String(!active), String(active))];
  return userEntry(actor, active ? 'User reactivated' : 'User deactivated', accountId, { changedValues });
}

export const deletionRequested = (actor: AuditActor, accountId: string) =>
  userEntry(actor, 'User deletion requested', accountId);
export const deletionCancelled = (actor: AuditActor, accountId: string) =>
  userEntry(actor, 'User deletion cancelled', accountId);
export const userErased = (actor: AuditActor, accountId: string) =>
  userEntry(actor, 'User deleted', accountId, { description: 'Personal data erased; the accountId stays' });

function groupEntry(
  actor: AuditActor,
  summary: string,
  group: { groupId: string; name: string },
): AuditEntry {
  return { ...actor, category: 'group management', summary, objectItem: groupItem(group) };
}

export const groupCreated = (actor: AuditActor, group: { groupId: string; name: string }) =>
  groupEntry(actor, 'Group created', group);
export const groupDeleted = (actor: AuditActor, group: { groupId: string; name: string }) =>
  groupEntry(actor, 'Group deleted', group);

/** A person added to (or removed from) a group: the person is the object, the group associated. */
export function groupMembershipChanged(
  actor: AuditActor,
  group: { groupId: string; name: string },
  accountId: string,
  added: boolean,
): AuditEntry {
  const summary = added ? 'User added to group' : 'User removed from group';
  return {
    ...userEntry(actor, summary, accountId),
    category: 'group management',
    associatedItems: [groupItem(group)],
  };
}

/** A person made a site admin, or no longer one. */
export function siteAdminChanged(actor: AuditActor, siteId: string, accountId: string, granted: boolean) {
  const summary = granted ? 'Site admin added' : 'Site admin removed';
  return {
    ...userEntry(actor, summary, accountId),
    category: 'permissions' as const,
    associatedItems: [siteItem(siteId)],
  };
}

export type AppAction = 'installed' | 'uninstalled' | 'enabled' | 'disabled';
const appSummaries: Record<AppAction, string> = {
  installed: 'App installed',
  uninstalled: 'App uninstalled',
  enabled: 'App enabled',
  disabled: 'App disabled',
};

/** A Connect app installed, uninstalled, enabled or disabled on the site; its own account is associated. */
export function appLifecycle(
  actor: AuditActor,
  appKey: string,
  appAccountId: string | null,
  action: AppAction,
) {
  const associatedItems = appAccountId === null ? [] : [userItem(appAccountId)];
  return {
    ...actor,
    category: 'apps' as const,
    summary: appSummaries[action],
    objectItem: appItem(appKey),
    associatedItems,
  };
}

/** An admin's decision on an app's Email API application. */
export function emailApiDecided(
  actor: AuditActor,
  appKey: string,
  decision: 'approved' | 'rejected' | 'revoked',
) {
  const summary = `Email API access ${decision}`;
  return {
    ...actor,
    category: 'apps' as const,
    summary,
    objectItem: appItem(appKey),
    changedValues: [change('Email API', '', decision)],
  };
}

/** A project by id, named by its key (the site's data). */
const projectItem = (project: { id: string; key: string }): AuditItem => ({
  id: project.id,
  name: project.key,
  typeName: 'PROJECT',
});

/** A project created, edited or deleted; its lead (if any) an associated person. */
export function projectChanged(
  actor: AuditActor,
  project: { id: string; key: string },
  action: 'created' | 'updated' | 'deleted',
  leadId: string | null,
): AuditEntry {
  return {
    ...actor,
    category: 'projects',
    summary: `Project ${action}`,
    objectItem: projectItem(project),
    associatedItems: leadId ? [userItem(leadId)] : [],
  };
}

/** People and groups added to, removed from or set as the actors of a project role. */
export function roleActorsChanged(
  actor: AuditActor,
  target: { project: { id: string; key: string }; role: { id: number; name: string } },
  action: 'added' | 'removed' | 'set',
  actors: { accountIds: readonly string[]; groups: readonly { groupId: string; name: string }[] },
): AuditEntry {
  const { project, role } = target;
  return {
    ...actor,
    category: 'permissions',
    summary: action === 'set' ? 'Project role actors set' : `Project role actors ${action}`,
    objectItem: {
      id: String(role.id),
      name: role.name,
      typeName: 'PROJECT_ROLE',
      parentId: project.id,
      parentName: project.key,
    },
    // The first 100 of them (a set may name 1,000): a record stays small, and says how many there were.
    associatedItems: [...actors.accountIds.map(userItem), ...actors.groups.map(groupItem)].slice(0, 100),
    changedValues: [change('actors', '', String(actors.accountIds.length + actors.groups.length))],
  };
}
