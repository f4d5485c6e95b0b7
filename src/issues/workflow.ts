/** The one small workflow every project has: To Do → In Progress → Done, each reachable from the others. Pure. */
import type { IssueStatus } from '../db/tables/issues.table.ts';

export interface StatusInfo {
  readonly id: string;
  readonly name: IssueStatus;
  readonly category: {
    readonly id: number;
    readonly key: string;
    readonly name: string;
    readonly colorName: string;
  };
}

export const statuses: readonly StatusInfo[] = [
  { id: '10000', name: 'To Do', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  {
    id: '3',
    name: 'In Progress',
    category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  },
  { id: '10001', name: 'Done', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
];

export interface Transition {
  readonly id: string;
  readonly name: string;
  readonly to: StatusInfo;
}

export const transitions: readonly Transition[] = statuses.map((status, i) => ({
  id: String(11 + i * 10),
  name: status.name,
  to: status,
}));

export function statusInfo(name: IssueStatus): StatusInfo {
  return statuses.find((s) => s.name === name) ?? (statuses[0] as StatusInfo);
}

/** The transitions open from a status: to every other status. */
export function transitionsFrom(status: IssueStatus): Transition[] {
  return transitions.filter((t) => t.to.name !== status);
}
