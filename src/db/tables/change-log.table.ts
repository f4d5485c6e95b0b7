import type { Generated } from 'kysely';

/**
 * One change to what the directory follows, written by a trigger in the writer's transaction: what
 * kind of thing changed and its key (an accountId, organizationId or siteId). No values, no personal data.
 */
export interface ChangeLogTable {
  seq: Generated<number>;
  /** The writer's transaction id (xid8, as text). */
  xid: Generated<string>;
  kind: 'account' | 'organization' | 'site';
  key: string;
  changed_at: Generated<Date>;
}

/** A running Veil process's heartbeat: the change-log position it has applied, and when it said so. */
export interface VeilNodesTable {
  node_id: string;
  position: number;
  seen_at: Date;
}

export interface ChangeLogTables {
  change_log: ChangeLogTable;
  veil_nodes: VeilNodesTable;
}
