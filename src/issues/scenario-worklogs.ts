/** Worklogs declared on a scenario file's issues (see docs/scenarios.md): checked against the file, then written. */
import type { Kysely } from 'kysely';
import { parseInstant } from '../clock/instant.ts';
import type { Database } from '../db/schema.ts';
import { parseAdf, readRichText } from './mentions.ts';
import { insertWorklogRow } from './worklogs.repository.ts';

export interface ScenarioWorklogInput {
  author: string;
  timeSpentSeconds: number;
  started: string;
  comment?: string | object;
  created?: string;
  visibility?: { type: 'group' | 'role'; value: string };
}

type Add = (path: string, message: string) => void;

/** The problems of an issue's worklogs, each at its path; `requireAccount` checks people. */
export function findScenarioWorklogProblems(
  worklogs: readonly ScenarioWorklogInput[] | undefined,
  path: string,
  add: Add,
  requireAccount: Add,
): void {
  for (const [w, worklog] of (worklogs ?? []).entries()) {
    const at = `${path}.worklogs[${w}]`;
    requireAccount(`${at}.author`, worklog.author);
    for (const field of ['started', 'created'] as const) {
      const value = worklog[field];
      if (value !== undefined && parseInstant(value) === undefined)
        add(`${at}.${field}`, 'is not an ISO 8601 instant with an offset, such as 2026-11-01T10:00:00Z');
    }
    if (worklog.comment !== undefined && typeof worklog.comment !== 'string') {
      try {
        parseAdf(worklog.comment, 'comment');
      } catch (error) {
        add(`${at}.comment`, `is not an ADF document: ${(error as Error).message}`);
      }
    }
  }
}

/** Writes an issue's worklogs (after the issue). */
export async function writeScenarioWorklogs(
  db: Kysely<Database>,
  issueId: string,
  worklogs: readonly ScenarioWorklogInput[] | undefined,
  issueCreated: Date,
): Promise<void> {
  for (const worklog of worklogs ?? []) {
    const comment =
      worklog.comment === undefined
        ? null
        : readRichText(worklog.comment, typeof worklog.comment === 'string' ? '2' : '3', 'comment');
    const at = worklog.created ? (parseInstant(worklog.created) as Date) : issueCreated;
    await insertWorklogRow(db, {
      issue_id: issueId,
      author_id: worklog.author,
      update_author_id: worklog.author,
      comment: comment?.text ?? null,
      comment_format: comment?.format ?? 'wiki',
      visibility_type: worklog.visibility?.type ?? null,
      visibility_value: worklog.visibility?.value ?? null,
      time_spent_seconds: worklog.timeSpentSeconds,
      started_at: parseInstant(worklog.started) as Date,
      created_at: at,
      updated_at: at,
    });
  }
}
