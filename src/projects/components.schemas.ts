/** The contracts of the component operations, as the tracker's spec shapes them. */
import { Type } from 'typebox';
import { PageOf } from '../user-api/paging.schemas.ts';
import { TrackerUser as TrackerUserSchema } from '../user-api/tracker-user.schemas.ts';

const User = Type.Object(TrackerUserSchema.properties);

export const componentAssigneeTypes = [
  'PROJECT_DEFAULT',
  'COMPONENT_LEAD',
  'PROJECT_LEAD',
  'UNASSIGNED',
] as const;

export const ComponentParams = Type.Object({ id: Type.String({ maxLength: 32 }) });
export const ComponentDeleteQuery = Type.Object({
  moveIssuesTo: Type.Optional(Type.String({ maxLength: 32 })),
});
export const ProjectComponentsQuery = Type.Object({ componentSource: Type.Optional(Type.String()) });
export const ProjectComponentPageQuery = Type.Object({
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String({ maxLength: 64 })),
  componentSource: Type.Optional(Type.String({ maxLength: 64 })),
  query: Type.Optional(Type.String({ maxLength: 255 })),
});

/** A create or an update: the spec's `ProjectComponent`, whose read-only fields are refused by the service. */
export const ComponentBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 32768 })),
  project: Type.Optional(Type.String({ maxLength: 64 })),
  projectId: Type.Optional(Type.Integer()),
  leadAccountId: Type.Optional(Type.Union([Type.String({ maxLength: 128 }), Type.Null()])),
  leadUserName: Type.Optional(Type.Union([Type.String({ maxLength: 255 }), Type.Null()])),
  assigneeType: Type.Optional(Type.String({ maxLength: 64 })),
});

const componentProperties = {
  self: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  lead: Type.Optional(User),
  leadAccountId: Type.Optional(Type.String()),
  assigneeType: Type.String(),
  assignee: Type.Optional(User),
  realAssigneeType: Type.String(),
  realAssignee: Type.Optional(User),
  isAssigneeTypeValid: Type.Boolean(),
  project: Type.String(),
  projectId: Type.Integer(),
};
export const ProjectComponent = Type.Object(componentProperties);
/** The paged list's item: the same with the count of the component's issues (and no `leadAccountId`). */
const { leadAccountId: _leadAccountId, ...countedProperties } = componentProperties;
export const ComponentWithIssueCount = Type.Object({ ...countedProperties, issueCount: Type.Integer() });
export const PageBeanComponentWithIssueCount = PageOf(ComponentWithIssueCount);
