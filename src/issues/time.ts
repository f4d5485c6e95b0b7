/** Times as the tracker writes them: `2026-11-01T10:00:00.000+0000`. Pure. */
export function trackerTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}
