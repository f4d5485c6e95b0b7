import { type Static, Type } from 'typebox';
import { AccountView } from '../accounts/accounts.schemas.ts';
import { TrackerUser } from '../user-api/tracker-user.schemas.ts';

/** The kinds `previewViewerKinds` lists, spelt out so that the contract keeps their literal types. */
export const PreviewViewerKindValue = Type.Union([
  Type.Literal('anyone'),
  Type.Literal('organization'),
  Type.Literal('connect-app'),
  Type.Literal('oauth-app'),
  Type.Literal('email-api-app'),
]);

export const PreviewQuery = Type.Object(
  {
    viewer: PreviewViewerKindValue,
    site: Type.Optional(
      Type.String({ description: 'The site whose API responses to show; yours by default' }),
    ),
  },
  { additionalProperties: false },
);

export const PreviewViewerInfo = Type.Object({
  kind: PreviewViewerKindValue,
  label: Type.String(),
  about: Type.String(),
});
export type PreviewViewerInfo = Static<typeof PreviewViewerInfo>;

export const PreviewView = Type.Object(
  {
    viewer: PreviewViewerInfo,
    viewers: Type.Array(PreviewViewerInfo, { description: 'Every viewer you can preview as' }),
    account: AccountView,
    visibleFields: Type.Array(Type.String({ description: 'A profile field this viewer sees' })),
    site: Type.Union([Type.Object({ id: Type.String(), baseUrl: Type.String() }), Type.Null()]),
    tracker: Type.Union([
      Type.Object({
        request: Type.String({ description: 'The request whose response `user` is' }),
        user: TrackerUser,
      }),
      Type.Null(),
    ]),
    emailApi: Type.Union(
      [
        Type.Object({
          request: Type.String(),
          status: Type.Integer({ description: '200 with the address, or 404 when there is none' }),
          body: Type.Union([Type.Object({ accountId: Type.String(), email: Type.String() }), Type.Null()]),
        }),
        Type.Null(),
      ],
      { description: 'For an app approved for the Email API: what `GET /rest/api/3/user/email` gives it' },
    ),
  },
  { $id: 'ProfilePreview', description: 'Your profile as one kind of viewer receives it' },
);
export type PreviewView = Static<typeof PreviewView>;
