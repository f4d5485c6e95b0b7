/** The tracker's REST API versions Veil serves (`/rest/api/2/…` and `/rest/api/3/…`). */
export const trackerVersions = ['2', '3'] as const;
