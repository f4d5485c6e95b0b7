import { type Static, Type } from 'typebox';
import { AccountIdString, NameText, Slug } from '../http/contracts.ts';

export const GroupView = Type.Object({ groupId: Type.String(), name: Type.String() }, { $id: 'Group' });
export type GroupView = Static<typeof GroupView>;

/** The site whose groups a route lists or adds to. */
export const SiteGroupsParams = Type.Object({ siteId: Slug });
export const GroupParams = Type.Object({ siteId: Slug, groupId: Type.String({ format: 'uuid' }) });
export const GroupMemberParams = Type.Object({
  siteId: Slug,
  groupId: Type.String({ format: 'uuid' }),
  accountId: AccountIdString,
});
export const NewGroupBody = Type.Object({ name: NameText() }, { additionalProperties: false });
