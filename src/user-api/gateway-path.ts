/**
 * The API gateway's addresses (`/ex/jira/{cloudId}/rest/…`, `/ex/confluence/{cloudId}/wiki/…`), as
 * Atlassian's `api.atlassian.com` serves them to OAuth 2.0 (3LO) apps: the product's own path behind a
 * prefix that names the site by its cloud id. Pure. Veil serves them by rewriting the address to the
 * product's own route before routing (`gatewayRouteUrl`), so each operation exists once.
 */

/** A gateway address, read. */
export interface GatewayPath {
  readonly product: 'jira' | 'confluence';
  readonly cloudId: string;
  /** The product's own path and query (`/rest/api/3/myself?expand=groups`). */
  readonly productPath: string;
}

const gatewayPattern = /^\/ex\/(jira|confluence)\/([^/?#]+)(\/[^?#]*)?(\?.*)?$/;

/** Where each product's own APIs live behind the gateway's prefix. */
const productRoots = { jira: '/rest/', confluence: '/wiki/' } as const;

/** The gateway address read, or undefined when `url` is not one (a product path outside its root included). */
export function readGatewayPath(url: string): GatewayPath | undefined {
  if (!url.startsWith('/ex/')) return undefined;
  const match = gatewayPattern.exec(url);
  if (!match) return undefined;
  const product = match[1] as GatewayPath['product'];
  const path = match[3] ?? '/';
  // Dot segments could climb out of the product's root: such an address is none of the gateway's.
  if (!path.startsWith(productRoots[product]) || /\/\.{1,2}(\/|$)|%2e/i.test(path)) return undefined;
  return { product, cloudId: match[2] ?? '', productPath: `${path}${match[4] ?? ''}` };
}

/** Whether the request came in through the gateway (its address before the rewrite). */
export function isGatewayAddress(originalUrl: string): boolean {
  return originalUrl.startsWith('/ex/');
}

/**
 * The address the router sees: a gateway address becomes the product's own path; anything else (a
 * gateway address for a product path it does not serve too, which then finds no route) is left alone.
 */
export function gatewayRouteUrl(url: string): string {
  return readGatewayPath(url)?.productPath ?? url;
}
