/**
 * The web pages: the built single-page app (`web/dist`) served from the same process as the APIs. The
 * pages call only the management API. Every page response carries a Content-Security-Policy that allows
 * scripts and styles from Veil's own files only: no inline script or style, no other origin.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config/config.ts';
import type { VeilApp } from '../http/server.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly config: Config;
}

/** The paths the single-page app routes itself; each answers with its `index.html`. */
export const pagePaths = [
  '/',
  '/sign-in',
  '/profile',
  '/preview',
  '/tokens',
  '/connected-apps',
  '/privacy',
  '/confirm-email',
  '/admin',
  '/admin/*',
] as const;

export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

interface PageFile {
  readonly body: Buffer;
  readonly type: string;
}

const notBuilt = Buffer.from(
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Veil</title></head><body><main>' +
    '<h1>The pages are not built</h1><p>Run <code>npm run build:web</code> (<code>npm start</code> and ' +
    '<code>npm test</code> do it for you), then reload. The APIs work without them.</p></main></body></html>',
);

/** Every file of the build, by URL path; empty when there is no build. */
function loadBuild(root: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        const type = contentTypes[extname(name)] ?? 'application/octet-stream';
        files.set(`/${relative(root, path).split(sep).join('/')}`, { body: readFileSync(path), type });
      }
    }
  };
  try {
    walk(root);
  } catch {
    files.clear();
  }
  return files;
}

function sendPage(reply: FastifyReply, file: PageFile, cache: string, status = 200) {
  return reply
    .status(status)
    .header('content-type', file.type)
    .header('cache-control', cache)
    .header('content-security-policy', contentSecurityPolicy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('x-frame-options', 'DENY')
    .send(file.body);
}

/** Serves the pages at their paths and the build's files (`/assets/…`, named by content hash). */
export function registerPageRoutes(app: VeilApp, deps: Deps) {
  const build = loadBuild(deps.config.webRoot);
  const index = build.get('/index.html');
  const config = { page: true };
  for (const path of pagePaths) {
    app.get(path, { config, schema: { hide: true } }, async (_request, reply) =>
      index
        ? sendPage(reply, index, 'no-cache')
        : sendPage(reply, { body: notBuilt, type: contentTypes['.html']! }, 'no-store', 503),
    );
  }
  for (const [path, file] of build) {
    if (path === '/index.html') continue;
    const immutable = path.startsWith('/assets/');
    app.get(path, { config, schema: { hide: true } }, async (_request, reply) =>
      sendPage(reply, file, immutable ? 'public, max-age=31536000, immutable' : 'no-cache'),
    );
  }
}
