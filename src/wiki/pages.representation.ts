/**
 * The wiki's content on the wire: v1 `Content` (pages and comments, with `expand`), v2 `Page` and footer
 * comment. Every person is the wiki's user object for the caller (`WikiPeople`), and `body.view` is made
 * now, for this caller: each mention shows the name the one decision lets them see.
 */
import type { Static } from 'typebox';
import { wikiBaseUrl, wikiLinks } from '../user-api/wiki-user.representation.ts';
import type { ContentV1, ContentVersion, FooterCommentV2, PageV2 } from './pages.schemas.ts';
import { renderSpaceV1 } from './spaces.representation.ts';
import type { SpaceWithHome } from './spaces.service.ts';
import { parseStorageFormat } from './storage-format.parser.ts';
import { mentionedAccountIds } from './storage-format.ts';
import { renderStorageView } from './storage-format.view.ts';
import { type Content, peopleOfContent } from './wiki.model.ts';
import type { WikiPeople } from './wiki-people.representation.ts';

/** What a v1 rendering reads besides the content: its people, the expansions, spaces and related content. */
export interface ContentContext {
  readonly people: WikiPeople;
  readonly expand: ReadonlySet<string>;
  readonly spaces: ReadonlyMap<string, SpaceWithHome>;
  /** Parents (of pages and comments) by id, for `ancestors` and `container`. */
  readonly related: ReadonlyMap<string, Content>;
}

/** Every accountId the rendering of the contents names: authors, and mentions when a view is given. */
export function peopleToLoad(contents: readonly Content[], withViews: boolean): (string | null)[] {
  return contents.flatMap((content) => [
    ...peopleOfContent(content),
    ...(withViews ? mentionedAccountIds(content.body) : []),
  ]);
}

/** Whether `expand` asks for `name` or something under it. */
export const expands = (expand: ReadonlySet<string>, name: string) =>
  expand.has(name) || [...expand].some((entry) => entry.startsWith(`${name}.`));

export const contentSelfPath = (id: string) => `/rest/api/content/${id}`;
const webuiOf = (content: Content) =>
  content.type === 'page'
    ? `/spaces/${content.spaceKey}/pages/${content.id}`
    : `/spaces/${content.spaceKey}/pages/${content.parentId}?focusedCommentId=${content.id}`;

/** The body of a content as the caller sees it: the stored storage format, or the view made now. */
export function bodyValue(content: Content, people: WikiPeople, representation: 'storage' | 'view'): string {
  if (representation === 'storage') return content.body;
  return renderStorageView(parseStorageFormat(content.body), (id) => people.mention(id));
}

function renderVersion(content: Content, people: WikiPeople): Static<typeof ContentVersion> {
  const by = people.user(content.versionAuthorId);
  return {
    ...(by ? { by } : {}),
    when: content.updatedAt.toISOString(),
    friendlyWhen: content.updatedAt.toISOString().slice(0, 10),
    message: '',
    number: content.version,
    minorEdit: false,
    _expandable: { content: contentSelfPath(content.id), collaborators: '' },
    _links: wikiLinks(people.audience.site, `${contentSelfPath(content.id)}/version/${content.version}`),
  };
}

function renderRef(content: Content, people: WikiPeople) {
  const { site } = people.audience;
  return {
    id: content.id,
    type: content.type,
    status: 'current' as const,
    title: content.title,
    _expandable: {},
    _links: { ...wikiLinks(site, contentSelfPath(content.id)), webui: webuiOf(content) },
  };
}

function renderHistory(content: Content, context: ContentContext) {
  const { people, expand } = context;
  const createdBy = people.user(content.creatorId);
  const lastUpdated = expands(expand, 'history.lastUpdated');
  return {
    latest: true,
    ...(createdBy ? { createdBy } : {}),
    createdDate: content.createdAt.toISOString(),
    ...(lastUpdated ? { lastUpdated: renderVersion(content, people) } : {}),
    _expandable: {
      ...(lastUpdated ? {} : { lastUpdated: '' }),
      previousVersion: '',
      contributors: '',
      nextVersion: '',
    },
    _links: wikiLinks(people.audience.site, `${contentSelfPath(content.id)}/history`),
  };
}

function renderBody(content: Content, context: ContentContext) {
  const wanted = (['storage', 'view'] as const).filter((name) => context.expand.has(`body.${name}`));
  const parts = wanted.map((representation) => [
    representation,
    {
      value: bodyValue(content, context.people, representation),
      representation,
      embeddedContent: [],
      _expandable: { content: contentSelfPath(content.id) },
    },
  ]);
  const others = [
    'editor',
    'view',
    'export_view',
    'styled_view',
    'storage',
    'editor2',
    'anonymous_export_view',
  ];
  const expandable = others.filter((name) => !wanted.includes(name as 'storage'));
  return { ...Object.fromEntries(parts), _expandable: Object.fromEntries(expandable.map((n) => [n, ''])) };
}

/** The chain of parent pages from the top, for `ancestors`. */
function ancestorsOf(content: Content, related: ReadonlyMap<string, Content>): Content[] {
  const chain: Content[] = [];
  let parentId = content.type === 'page' ? content.parentId : null;
  while (parentId !== null && chain.length < 50) {
    const parent = related.get(parentId);
    if (!parent) break;
    chain.unshift(parent);
    parentId = parent.parentId;
  }
  return chain;
}

/** A page or comment as the v1 `Content`, with what `expand` asks for. */
export function renderContentV1(content: Content, context: ContentContext): Static<typeof ContentV1> {
  const { people, expand } = context;
  const { site } = people.audience;
  const space = context.spaces.get(content.spaceKey);
  const container = content.parentId === null ? undefined : context.related.get(content.parentId);
  const given = {
    space: expands(expand, 'space') && space !== undefined,
    history: expands(expand, 'history'),
    version: expands(expand, 'version'),
    ancestors: expands(expand, 'ancestors'),
    container: expands(expand, 'container') && content.type === 'comment' && container !== undefined,
    body: expands(expand, 'body'),
  };
  const expandable = ['childTypes', 'operations', 'children', 'restrictions', 'descendants', 'metadata'];
  for (const [name, shown] of Object.entries(given)) if (!shown) expandable.push(name);
  return {
    id: content.id,
    type: content.type,
    status: 'current',
    title: content.title,
    ...(given.space && space ? { space: renderSpaceV1(space, people, new Set()) } : {}),
    ...(given.history ? { history: renderHistory(content, context) } : {}),
    ...(given.version ? { version: renderVersion(content, people) } : {}),
    ...(given.ancestors
      ? { ancestors: ancestorsOf(content, context.related).map((a) => renderRef(a, people)) }
      : {}),
    ...(given.container && container ? { container: renderRef(container, people) } : {}),
    ...(given.body ? { body: renderBody(content, context) } : {}),
    ...(content.type === 'comment' ? { extensions: { location: 'footer' as const } } : {}),
    _expandable: Object.fromEntries(expandable.map((name) => [name, ''])),
    _links: { ...wikiLinks(site, contentSelfPath(content.id)), webui: webuiOf(content) },
  };
}

function versionV2(content: Content) {
  return {
    createdAt: content.updatedAt.toISOString(),
    message: '',
    number: content.version,
    minorEdit: false,
    authorId: content.versionAuthorId ?? '',
  };
}

function bodyV2(content: Content, people: WikiPeople, format: 'storage' | 'view' | undefined) {
  if (format === undefined) return {};
  return { [format]: { representation: format, value: bodyValue(content, people, format) } };
}

/** A page as the v2 `Page`: people by accountId only; the body in the format asked for. */
export function renderPageV2(
  content: Content,
  people: WikiPeople,
  format: 'storage' | 'view' | undefined,
): Static<typeof PageV2> {
  return {
    id: content.id,
    status: 'current',
    title: content.title,
    spaceId: content.spaceId,
    ...(content.parentId !== null ? { parentId: content.parentId, parentType: 'page' as const } : {}),
    authorId: content.creatorId ?? '',
    ownerId: content.ownerId ?? '',
    createdAt: content.createdAt.toISOString(),
    version: versionV2(content),
    body: bodyV2(content, people, format),
    _links: {
      webui: webuiOf(content),
      editui: `/pages/resumedraft.action?draftId=${content.id}`,
      tinyui: `/x/${content.id}`,
      base: wikiBaseUrl(people.audience.site),
    },
  };
}

/** A comment on a page as the v2 footer comment. */
export function renderFooterCommentV2(
  content: Content,
  people: WikiPeople,
  format: 'storage' | 'view' | undefined,
): Static<typeof FooterCommentV2> {
  return {
    id: content.id,
    status: 'current',
    title: content.title,
    pageId: content.parentId ?? '',
    version: versionV2(content),
    body: bodyV2(content, people, format),
    _links: { webui: webuiOf(content), base: wikiBaseUrl(people.audience.site) },
  };
}
