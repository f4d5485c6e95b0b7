/** The contracts of the project role operations, as the tracker's spec shapes them. */
import { Type } from 'typebox';

export const RoleParams = Type.Object({
  projectIdOrKey: Type.String({ maxLength: 64 }),
  id: Type.Integer({ minimum: 0 }),
});
export const RoleQuery = Type.Object({ excludeInactiveUsers: Type.Optional(Type.Boolean()) });
export const ActorDeleteQuery = Type.Object({
  user: Type.Optional(Type.String({ maxLength: 128 })),
  group: Type.Optional(Type.String({ maxLength: 255 })),
  groupId: Type.Optional(Type.String({ maxLength: 255 })),
});

const Names = Type.Array(Type.String({ maxLength: 255 }), { maxItems: 1000 });
export const ActorsMap = Type.Object({
  user: Type.Optional(Names),
  group: Type.Optional(Names),
  groupId: Type.Optional(Names),
});
export const ProjectRoleActorsUpdateBean = Type.Object({
  id: Type.Optional(Type.Integer()),
  categorisedActors: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Names)),
});

const RoleActor = Type.Object({
  id: Type.Integer(),
  displayName: Type.String(),
  type: Type.String(),
  avatarUrl: Type.Optional(Type.String()),
  actorUser: Type.Optional(Type.Object({ accountId: Type.String() })),
  actorGroup: Type.Optional(
    Type.Object({ name: Type.String(), displayName: Type.String(), groupId: Type.String() }),
  ),
  name: Type.Optional(Type.String()),
});

export const ProjectRoleBean = Type.Object({
  self: Type.String(),
  name: Type.String(),
  id: Type.Integer(),
  description: Type.String(),
  actors: Type.Optional(Type.Array(RoleActor)),
  admin: Type.Boolean(),
  default: Type.Boolean(),
  roleConfigurable: Type.Boolean(),
  translatedName: Type.String(),
});
export const ProjectRoleList = Type.Array(ProjectRoleBean);
export const ProjectRoleUrls = Type.Record(Type.String(), Type.String());
