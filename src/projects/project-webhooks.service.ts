/**
 * The bodies of project webhooks, rendered for the receiving app when sent: the project read from its
 * row now (a deleted one from the ids, key, name and lead its delivery kept), its lead the tracker user
 * object the one decision makes for that app.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type Audience, loadPeople } from '../issues/people.representation.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import type { ProjectWebhookBodyInput, ProjectWebhookRenderer } from '../webhooks/webhook-payload.ts';
import { projectRowToProject, type TrackerProject } from './projects.model.ts';
import { findProjectRow } from './projects.repository.ts';
import { renderProjectSummary } from './projects.representation.ts';

/** What the renderer reads from. */
export interface Deps extends UserViews {
  readonly db: Kysely<Database>;
}

const assigneeTypeNames = {
  PROJECT_LEAD: 'admin.assignee.type.project.lead',
  UNASSIGNED: 'admin.assignee.type.unassigned',
} as const;

/** The project as the event shows it: from its row, or (deleted) from what the delivery kept. */
async function readProject(db: Kysely<Database>, input: ProjectWebhookBodyInput): Promise<TrackerProject> {
  const { subject, site } = input;
  const row = subject.deleted ? undefined : await findProjectRow(db, site.id, subject.projectId);
  if (row) return projectRowToProject(row);
  return {
    siteId: site.id,
    id: subject.projectId,
    key: subject.projectKey,
    name: subject.deleted?.name ?? subject.projectKey,
    description: '',
    leadId: subject.deleted?.leadId ?? null,
    assigneeType: 'UNASSIGNED',
    projectTypeKey: 'software',
  };
}

/** The renderer of project webhook bodies the delivery job calls (wired by the composition root). */
export function createProjectWebhookRenderer(deps: Deps): ProjectWebhookRenderer {
  return async (input) => {
    const project = await readProject(deps.db, input);
    const audience: Audience = {
      users: deps,
      site: input.site,
      viewer: input.viewer,
      version: '2',
      legacy: input.legacy ? { selfForm: 'accountId' } : null,
    };
    const people = await loadPeople(audience, [project.leadId]);
    const { self, key, name, avatarUrls } = renderProjectSummary(people, project, new Set());
    const lead = people.user(project.leadId);
    return {
      timestamp: input.occurredAt.getTime(),
      webhookEvent: input.event,
      project: {
        self,
        id: Number(project.id),
        key,
        name,
        avatarUrls,
        ...(lead ? { projectLead: lead } : {}),
        assigneeType: assigneeTypeNames[project.assigneeType],
      },
    };
  };
}
