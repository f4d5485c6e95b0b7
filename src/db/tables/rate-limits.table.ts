/**
 * Request budgets a scenario gave a site or an app (`rateLimits`), below Veil's defaults, so that an app
 * vendor can see how their app handles a 429. No personal data.
 */
export interface RateLimitsTable {
  scope: 'site' | 'app';
  /** The site id or the app key. */
  subject: string;
  max_requests: number;
  window_seconds: number;
}

export interface RateLimitTables {
  rate_limits: RateLimitsTable;
}
