/** How far the movable clock is ahead of the wall clock; one row at most. */
export interface MovableClockTable {
  id: boolean;
  offset_ms: number;
  moved_at: Date;
}

export interface ClockTables {
  movable_clock: MovableClockTable;
}
