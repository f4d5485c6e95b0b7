/** The wiki's spaces on the wire: v1 `Space` (with `expand`) and v2 `Space`. */
import type { Static } from 'typebox';
import type { Site } from '../sites/sites.model.ts';
import { wikiBaseUrl, wikiLinks } from '../user-api/wiki-user.representation.ts';
import type { SpaceV1, SpaceV2 } from './spaces.schemas.ts';
import type { SpaceWithHome } from './spaces.service.ts';
import type { WikiPeople } from './wiki-people.representation.ts';

/** What a v1 space can expand; Veil gives `description` and `history` (the others are listed, never given). */
const expandableOfSpace = [
  'settings',
  'metadata',
  'operations',
  'lookAndFeel',
  'permissions',
  'icon',
  'theme',
];

/** The path of a space's v1 resource under the wiki's base. */
export const spaceSelfPath = (key: string) => `/rest/api/space/${encodeURIComponent(key)}`;

/** A space as the v1 `Space`; `description` and `history` are given when expanded. */
export function renderSpaceV1(
  { space }: SpaceWithHome,
  people: WikiPeople,
  expand: ReadonlySet<string>,
): Static<typeof SpaceV1> {
  const { site } = people.audience;
  const shown = (name: string) => expand.has(name) || [...expand].some((e) => e.startsWith(`${name}.`));
  const expandable = [
    ...expandableOfSpace,
    'homepage',
    ...['description', 'history'].filter((n) => !shown(n)),
  ];
  const createdBy = people.user(space.creatorId);
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    ...(shown('description')
      ? {
          description: {
            plain: { value: space.description, representation: 'plain' as const, embeddedContent: [] },
            _expandable: { view: '' },
          },
        }
      : {}),
    ...(shown('history')
      ? { history: { createdDate: space.createdAt.toISOString(), ...(createdBy ? { createdBy } : {}) } }
      : {}),
    type: 'global',
    status: 'current',
    _expandable: Object.fromEntries(expandable.map((name) => [name, ''])),
    _links: { ...wikiLinks(site, spaceSelfPath(space.key)), webui: `/spaces/${space.key}` },
  };
}

/** A space as the v2 `Space`: people by accountId only. */
export function renderSpaceV2(
  { space, homepageId }: SpaceWithHome,
  site: Site,
  withDescription: boolean,
): Static<typeof SpaceV2> {
  return {
    id: space.id,
    key: space.key,
    name: space.name,
    type: 'global',
    status: 'current',
    authorId: space.creatorId ?? '',
    createdAt: space.createdAt.toISOString(),
    ...(homepageId !== undefined ? { homepageId } : {}),
    ...(withDescription
      ? { description: { plain: { representation: 'plain', value: space.description } } }
      : {}),
    _links: { webui: `/spaces/${space.key}`, base: wikiBaseUrl(site) },
  };
}
