/**
 * The Connect query string hash (qsh): SHA-256 over a canonical form of a request, which binds a JWT to one
 * method, path and query. Pure: no I/O. The rules follow Atlassian's canonical-request spec and the
 * `atlassian-jwt` library, and are checked against Atlassian's signed-URL test vectors.
 */
import { createHash } from 'node:crypto';

/** Decoded parameters, as pairs (a `URLSearchParams` fits) or as a record whose repeated names hold arrays. */
export type QshQuery =
  | Iterable<readonly [string, string]>
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The parts of a request that the qsh covers. */
export interface QshRequest {
  readonly method: string;
  /** The path as it arrived on the wire (still percent-encoded), without the query. */
  readonly pathname: string;
  /** Decoded names and values; a `jwt` parameter is ignored. */
  readonly query: QshQuery;
}

export interface QshOptions {
  /** The site's context path (`/wiki`), or its base URL; the canonical path leaves it out. */
  readonly contextPath?: string;
}

// Scheme and authority of an absolute URL: the qsh covers neither.
const absoluteUrlPrefix = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/;
// The characters that Node's legacy `url.parse` (used by atlassian-jwt) percent-encodes in a path.
const nodeAutoEscapedPathChars = /[ "'<>^`{|}]/g;

/** The canonical request `METHOD&path&query` whose SHA-256 is the qsh. */
export function canonicalRequest(request: QshRequest, options: QshOptions = {}): string {
  const path = canonicalizePath(request.pathname, normalizeContextPath(options.contextPath ?? ''));
  return `${request.method.toUpperCase()}&${path}&${canonicalizeQuery(request.query)}`;
}

/** The qsh claim for a request: the lowercase hex SHA-256 of its canonical form. */
export function computeQsh(request: QshRequest, options: QshOptions = {}): string {
  return createHash('sha256').update(canonicalRequest(request, options), 'utf8').digest('hex');
}

/**
 * Every qsh to accept for a request on a site with a context path, the documented form (context path
 * stripped) first; then the unstripped form that confluence.js 2.x signs, and the forms that Node clients
 * sign through `url.parse`, which escapes `'`, `^` and `|` in a path that goes on the wire unescaped.
 */
export function qshCandidates(request: QshRequest, contextPath: string): readonly string[] {
  const nodeSigned = { ...request, pathname: escapeLikeNodeUrlParse(request.pathname) };
  const hashes = [request, nodeSigned].flatMap((form) => [
    computeQsh(form, { contextPath }),
    computeQsh(form),
  ]);
  return [...new Set(hashes)];
}

/** The qsh parts of a raw request target (`/path?query` as on the wire, or an absolute URL). */
export function parseRawUrl(method: string, rawUrl: string): QshRequest {
  const withoutOrigin = rawUrl.replace(absoluteUrlPrefix, '');
  const fragmentStart = withoutOrigin.indexOf('#');
  const target = fragmentStart === -1 ? withoutOrigin : withoutOrigin.slice(0, fragmentStart);
  const queryStart = target.indexOf('?');
  if (queryStart === -1) return { method, pathname: target, query: [] };
  // The leading `&` stops URLSearchParams from eating a second `?`, which is part of the first name.
  const query = [...new URLSearchParams(`&${target.slice(queryStart + 1)}`)];
  return { method, pathname: target.slice(0, queryStart), query };
}

function normalizeContextPath(contextPath: string): string {
  const path = contextPath.replace(absoluteUrlPrefix, '').replace(/\/+$/, '');
  return path === '' || path.startsWith('/') ? path : `/${path}`;
}

function escapeLikeNodeUrlParse(pathname: string): string {
  return pathname.replace(nodeAutoEscapedPathChars, (char) => encodeRfc3986(char));
}

function canonicalizePath(pathname: string, contextPath: string): string {
  let path = stripContextPath(pathname, contextPath);
  // An unencoded `&` would let `/a&b=c?x=y` and `/a?b=c&x=y` share a hash.
  path = path.replaceAll('&', '%26');
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path;
}

function stripContextPath(pathname: string, contextPath: string): string {
  if (contextPath === '') return pathname;
  // Only on a segment boundary: `/wikipedia` is not under `/wiki`, although atlassian-jwt would strip it.
  const isUnder = pathname === contextPath || pathname.startsWith(`${contextPath}/`);
  return isUnder ? pathname.slice(contextPath.length) : pathname;
}

function canonicalizeQuery(query: QshQuery): string {
  const groups = groupValuesByName(query);
  return [...groups.keys()]
    .sort(compareCodeUnits)
    .map((name) => {
      // Values sort before encoding, as atlassian-jwt does: `.1` < `:1` although `%3A1` < `.1`.
      const values = (groups.get(name) ?? []).sort(compareCodeUnits).map(encodeRfc3986);
      return `${encodeRfc3986(name)}=${values.join(',')}`;
    })
    .join('&');
}

function groupValuesByName(query: QshQuery): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [name, value] of listQueryPairs(query)) {
    if (name === 'jwt') continue;
    const values = groups.get(name);
    if (values === undefined) groups.set(name, [value]);
    else values.push(value);
  }
  return groups;
}

function listQueryPairs(query: QshQuery): Iterable<readonly [string, string]> {
  if (Symbol.iterator in query) return query as Iterable<readonly [string, string]>;
  const record = query as Readonly<Record<string, string | readonly string[] | undefined>>;
  return Object.entries(record).flatMap(([name, value]) => {
    if (value === undefined) return [];
    if (typeof value === 'string') return [[name, value] as const];
    return value.map((item) => [name, item] as const);
  });
}

// Code-unit order, never locale order: Atlassian's vectors put `A` before `a` and `a1` before `a10`.
function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

// RFC 3986: everything but `A-Z a-z 0-9 - . _ ~` is escaped, so `!'()*`, which encodeURIComponent keeps, too.
function encodeRfc3986(value: string): string {
  return encodeURIComponent(value.toWellFormed()).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
