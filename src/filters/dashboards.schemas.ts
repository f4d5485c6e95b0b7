/** The contracts of the dashboard operations, as the spec's `Dashboard`, `DashboardDetails` and pages. */
import { Type } from 'typebox';
import { PageOf } from '../user-api/paging.schemas.ts';
import { SharePermission, SharePermissionBody, UserBean } from './filters.schemas.ts';

export const Dashboard = Type.Object({
  id: Type.String(),
  name: Type.String(),
  self: Type.String(),
  view: Type.String(),
  description: Type.Optional(Type.String()),
  owner: Type.Optional(UserBean),
  sharePermissions: Type.Array(SharePermission),
  editPermissions: Type.Array(SharePermission),
  isFavourite: Type.Boolean(),
  popularity: Type.Integer(),
  isWritable: Type.Boolean(),
  systemDashboard: Type.Boolean(),
});

export const PageOfDashboards = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  prev: Type.Optional(Type.String()),
  next: Type.Optional(Type.String()),
  dashboards: Type.Array(Dashboard),
});

export const PageBeanDashboard = PageOf(Dashboard);

export const DashboardBody = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  description: Type.Optional(Type.String({ maxLength: 20000 })),
  sharePermissions: Type.Array(SharePermissionBody, { maxItems: 1000 }),
  editPermissions: Type.Array(SharePermissionBody, { maxItems: 1000 }),
});

export const DashboardParams = Type.Object({ id: Type.String({ maxLength: 32 }) });
export const DashboardWriteQuery = Type.Object({ extendAdminPermissions: Type.Optional(Type.Boolean()) });

export const DashboardListQuery = Type.Object({
  filter: Type.Optional(Type.Union([Type.Literal('my'), Type.Literal('favourite')])),
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
});

export const DashboardSearchQuery = Type.Object({
  dashboardName: Type.Optional(Type.String({ maxLength: 255 })),
  accountId: Type.Optional(Type.String({ maxLength: 128 })),
  owner: Type.Optional(Type.String({ maxLength: 255 })),
  groupname: Type.Optional(Type.String({ maxLength: 255 })),
  groupId: Type.Optional(Type.String({ maxLength: 255 })),
  projectId: Type.Optional(Type.Integer()),
  orderBy: Type.Optional(Type.String({ maxLength: 32 })),
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  status: Type.Optional(Type.String({ maxLength: 16 })),
  expand: Type.Optional(Type.String({ maxLength: 1000 })),
});
