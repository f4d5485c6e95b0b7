/** A group of a site: what the tracker and the wiki list, and what a linked account may belong to. */
export interface Group {
  readonly groupId: string;
  readonly name: string;
}

/** A group named by id or by name (case-insensitive); both may be given. */
export interface GroupReference {
  readonly groupId?: string;
  readonly name?: string;
}
