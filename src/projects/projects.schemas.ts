/** The contracts of the project operations, as the tracker's spec shapes them (v2 and v3 alike). */
import { Type } from 'typebox';
import { PageOf } from '../user-api/paging.schemas.ts';
import { ListParameter } from '../user-api/params.ts';
import { TrackerUser as TrackerUserSchema } from '../user-api/tracker-user.schemas.ts';
import { ProjectComponent } from './components.schemas.ts';

// The user schema without its `$id`: a response may hold it many times over.
export const EmbeddedUser = Type.Object(TrackerUserSchema.properties);

export const ProjectParams = Type.Object({ projectIdOrKey: Type.String({ maxLength: 64 }) });
export const ProjectQuery = Type.Object({
  expand: Type.Optional(Type.String({ maxLength: 1000 })),
  properties: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const ProjectListQuery = Type.Object({
  expand: Type.Optional(Type.String({ maxLength: 1000 })),
  recent: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
  properties: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const ProjectSearchQuery = Type.Object({
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String({ maxLength: 64 })),
  id: ListParameter,
  keys: ListParameter,
  query: Type.Optional(Type.String({ maxLength: 255 })),
  typeKey: Type.Optional(Type.String({ maxLength: 255 })),
  categoryId: Type.Optional(Type.Integer()),
  action: Type.Optional(Type.String({ maxLength: 16 })),
  expand: Type.Optional(Type.String({ maxLength: 1000 })),
  status: ListParameter,
  properties: ListParameter,
  propertyQuery: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const ProjectDeleteQuery = Type.Object({ enableUndo: Type.Optional(Type.Boolean()) });

export const projectAssigneeTypes = ['PROJECT_LEAD', 'UNASSIGNED'] as const;
export const projectTypeKeys = ['software', 'service_desk', 'business'] as const;
// Strings, not enums: a bad value is the tracker's 400 naming the field, from the service.
const SchemeId = Type.Optional(Type.Integer());
const projectDetails = {
  key: Type.Optional(Type.String({ maxLength: 255 })),
  name: Type.Optional(Type.String({ maxLength: 255 })),
  description: Type.Optional(Type.String({ maxLength: 32768 })),
  lead: Type.Optional(Type.String({ maxLength: 255 })),
  leadAccountId: Type.Optional(Type.String({ maxLength: 128 })),
  assigneeType: Type.Optional(Type.String({ maxLength: 64 })),
  url: Type.Optional(Type.String({ maxLength: 255 })),
  avatarId: SchemeId,
  categoryId: SchemeId,
  issueSecurityScheme: SchemeId,
  notificationScheme: SchemeId,
  permissionScheme: SchemeId,
};
export const CreateProjectDetails = Type.Object({
  ...projectDetails,
  projectTypeKey: Type.Optional(Type.String({ maxLength: 64 })),
  projectTemplateKey: Type.Optional(Type.String({ maxLength: 255 })),
  fieldConfigurationScheme: SchemeId,
  issueTypeScheme: SchemeId,
  issueTypeScreenScheme: SchemeId,
  workflowScheme: SchemeId,
});
export const UpdateProjectDetails = Type.Object({
  ...projectDetails,
  releasedProjectKeys: Type.Optional(Type.Array(Type.String(), { maxItems: 50 })),
});
export type ProjectDetailsBody = Partial<Record<keyof typeof projectDetails, unknown>> & {
  readonly projectTypeKey?: string | undefined;
};

export const ProjectIdentifiers = Type.Object({
  self: Type.String(),
  id: Type.Integer(),
  key: Type.String(),
});

const IssueTypeDetails = Type.Object({
  self: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  iconUrl: Type.String(),
  subtask: Type.Boolean(),
  hierarchyLevel: Type.Integer(),
});
const AvatarUrls = Type.Object({
  '16x16': Type.String(),
  '24x24': Type.String(),
  '32x32': Type.String(),
  '48x48': Type.String(),
});

export const ProjectBean = Type.Object({
  expand: Type.Optional(Type.String()),
  self: Type.String(),
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  lead: Type.Optional(EmbeddedUser),
  components: Type.Optional(Type.Array(ProjectComponent)),
  issueTypes: Type.Optional(Type.Array(IssueTypeDetails)),
  assigneeType: Type.Optional(Type.String()),
  roles: Type.Optional(Type.Record(Type.String(), Type.String())),
  avatarUrls: AvatarUrls,
  projectTypeKey: Type.String(),
  simplified: Type.Boolean(),
  style: Type.String(),
  isPrivate: Type.Boolean(),
  properties: Type.Record(Type.String(), Type.Unknown()),
});
export const PageBeanProject = PageOf(ProjectBean);
