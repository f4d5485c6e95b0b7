/** The filters and orders of `GET /project/search` (pure). */
import type { TrackerProject } from './projects.model.ts';

export interface ProjectSearch {
  readonly keys: readonly string[];
  readonly ids: readonly string[];
  readonly query: string | undefined;
  readonly typeKeys: readonly string[];
  readonly orderBy: string | undefined;
}

function matches(project: TrackerProject, search: ProjectSearch): boolean {
  if (search.keys.length > 0 && !search.keys.some((key) => key.toUpperCase() === project.key)) return false;
  if (search.ids.length > 0 && !search.ids.includes(project.id)) return false;
  if (search.typeKeys.length > 0 && !search.typeKeys.includes(project.projectTypeKey)) return false;
  const text = search.query?.trim().toLowerCase();
  if (!text) return true;
  return project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text);
}

const orders: Record<string, (project: TrackerProject) => string> = {
  key: (project) => project.key,
  name: (project) => project.name.toLowerCase(),
  category: (project) => project.key,
  owner: (project) => project.leadId ?? '',
  issueCount: (project) => project.key,
};

/** The projects that match, in the order asked for (`key` by default; `-` reverses). */
export function searchProjects(projects: readonly TrackerProject[], search: ProjectSearch): TrackerProject[] {
  const raw = search.orderBy ?? 'key';
  const descending = raw.startsWith('-');
  const sortKey = orders[raw.replace(/^[-+]/, '')] ?? orders.key;
  const found = projects.filter((project) => matches(project, search));
  found.sort((a, b) => {
    const order = (sortKey?.(a) ?? '').localeCompare(sortKey?.(b) ?? '') || a.key.localeCompare(b.key);
    return descending ? -order : order;
  });
  return found;
}
