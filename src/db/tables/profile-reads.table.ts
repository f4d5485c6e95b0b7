/** How many times an app read an account's profile on a day (UTC), counted in memory and flushed. */
export interface ProfileReadsTable {
  account_id: string;
  app_key: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  reads: number;
}

export interface ProfileReadTables {
  profile_reads: ProfileReadsTable;
}
