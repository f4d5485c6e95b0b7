/**
 * The content part of the one error catalogue (`catalogue.ts` spreads it in): the tracker's projects,
 * components, roles, filters and dashboards, the wiki's spaces and content, and Forge-style apps.
 */
export const contentErrorCatalogue = {
  'project.key_taken': { status: 409, doc: 'The site already has a project with this key.' },
  'project.not_found': { status: 404, doc: 'No project with this key exists on the site.' },
  'component.not_found': { status: 404, doc: 'No component with this id exists on the site.' },
  'project_role.not_found': { status: 404, doc: 'No project role with this id exists on the site.' },
  'project_role.actor_not_found': {
    status: 404,
    doc: 'The user or group named is not an actor of this role of the project.',
  },
  // The wiki's spaces and content (src/wiki).
  'space.not_found': { status: 404, doc: 'No wiki space with this key or id exists on the site.' },
  'space.key_taken': { status: 400, doc: 'The site already has a wiki space with this key.' },
  'content.not_found': { status: 404, doc: 'No wiki page or comment with this id exists on the site.' },
  'content.title_taken': { status: 400, doc: 'The space already has a page with this title.' },
  'content.version_conflict': {
    status: 409,
    doc: 'The version number of a page update is not the next one (current + 1); read the page and try again.',
  },
  'content.storage_invalid': {
    status: 400,
    doc: 'A body in the storage format is not well-formed XML (the message gives the offset), or a mention names no person of the site.',
  },
  'cql.unsupported': {
    status: 400,
    doc: 'The CQL of a people search does not parse or uses a field, operator or clause the search does not answer (the message names it).',
  },
  'filter.not_found': {
    status: 404,
    doc: 'No filter with this id that the caller may see exists on the site.',
  },
  'filter.name_taken': {
    status: 400,
    doc: 'The owner already has a filter with this name (case-insensitively).',
  },
  'dashboard.not_found': {
    status: 404,
    doc: 'No dashboard with this id that the caller may see exists on the site.',
  },
  'dashboard.name_taken': {
    status: 400,
    doc: 'The owner already has a dashboard with this name (case-insensitively).',
  },
  'share_permission.not_found': { status: 404, doc: 'The filter has no share permission with this id.' },
  // Forge-style apps (src/forge).
  'forge.installation_not_found': {
    status: 404,
    doc: 'No Forge app is installed on the site under this installation id.',
  },
  'forge.nothing_pending': {
    status: 409,
    doc: 'The Forge app has no upgrade waiting for a site admin’s consent.',
  },
} as const satisfies Record<string, { status: number; doc: string }>;
