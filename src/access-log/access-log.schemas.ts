import { type Static, Type } from 'typebox';
import { ProfileFieldName } from '../accounts/profile.schemas.ts';

const Instant = Type.String({ format: 'date-time' });

/** Who read: an app (by key and name) or an admin (by accountId and the name you see them by). */
export const Reader = Type.Object({
  kind: Type.Union([Type.Literal('app'), Type.Literal('admin')]),
  id: Type.String({ description: 'The app key, or the admin’s accountId' }),
  name: Type.String(),
});

/** A person's access log: every read of a field they did not make public, and app reads per day. */
export const AccessLogView = Type.Object(
  {
    fieldReads: Type.Array(
      Type.Object({
        reader: Reader,
        field: ProfileFieldName,
        siteId: Type.Union([Type.String(), Type.Null()]),
        readAt: Instant,
      }),
      { description: 'Newest first: every Email API read, every read of a field that is not public' },
    ),
    profileReads: Type.Array(
      Type.Object({
        appKey: Type.String(),
        appName: Type.String(),
        day: Type.String({ description: 'YYYY-MM-DD (UTC)' }),
        reads: Type.Integer({ description: 'How many times the app was shown your profile that day' }),
      }),
      { description: 'Newest day first' },
    ),
  },
  { $id: 'AccessLog' },
);
export type AccessLogView = Static<typeof AccessLogView>;

export const AppsHoldingYourData = Type.Object(
  {
    cyclePeriod: Type.String({ description: 'ISO-8601: an app reports what it stores at least this often' }),
    apps: Type.Array(
      Type.Object({
        appKey: Type.String(),
        name: Type.String(),
        firstReportedAt: Instant,
        lastReportedAt: Instant,
      }),
    ),
  },
  { $id: 'AppsHoldingYourData' },
);
export type AppsHoldingYourData = Static<typeof AppsHoldingYourData>;
