/**
 * A project role as the tracker's `ProjectRole`: each person acting in it named by accountId, with the
 * display name and avatar the caller may see (from the one decision, at read time); groups by name and id.
 */
import type { People } from '../issues/people.representation.ts';
import type { ProjectRole, RoleActor, TrackerProject } from './projects.model.ts';

export function roleSelf(people: People, project: TrackerProject | null, role: ProjectRole): string {
  const { site, version } = people.audience;
  const api = `${site.baseUrl}/rest/api/${version}`;
  return project ? `${api}/project/${project.key}/role/${role.id}` : `${api}/role/${role.id}`;
}

function renderActor(people: People, actor: RoleActor) {
  if (actor.kind === 'group') {
    const { groupName: name, groupId } = actor;
    return {
      id: Number(actor.id),
      displayName: name,
      type: 'atlassian-group-role-actor',
      name,
      actorGroup: { name, displayName: name, groupId },
    };
  }
  const avatar = people.user(actor.accountId)?.avatarUrls['48x48'];
  return {
    id: Number(actor.id),
    displayName: people.name(actor.accountId),
    type: 'atlassian-user-role-actor',
    ...(avatar ? { avatarUrl: avatar } : {}),
    actorUser: { accountId: actor.accountId },
  };
}

/** The role (of the project, with its actors; or of the site, without). */
export function renderRole(
  people: People,
  project: TrackerProject | null,
  role: ProjectRole,
  actors: readonly RoleActor[] | null,
) {
  return {
    self: roleSelf(people, project, role),
    name: role.name,
    id: role.id,
    description: role.description,
    ...(actors ? { actors: actors.map((actor) => renderActor(people, actor)) } : {}),
    admin: role.name === 'Administrators',
    default: role.name === 'Member',
    roleConfigurable: true,
    translatedName: role.name,
  };
}

/** Whether an actor stays when inactive people are left out. */
export function isActiveActor(people: People, actor: RoleActor): boolean {
  return actor.kind === 'group' || people.user(actor.accountId)?.active === true;
}
