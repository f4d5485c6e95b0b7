/**
 * What the browser tests share: a listening Veil with the pages scenario, Debian's Chromium driven by
 * playwright-core (it cannot download a browser of its own here), a fresh profile per test file, axe-core
 * injected into the page under test, and screenshots kept under `test-results/pages/`.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { ListeningVeil, TestApp, TestAppOptions } from '../connect/connect-support.ts';
import { type TestBackend, testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { pagesScenario } from './pages-scenario.ts';

export const chromiumPath = process.env.VEIL_CHROMIUM ?? '/usr/bin/chromium';
const resultsDir = fileURLToPath(new URL('../../test-results/pages/', import.meta.url));
const builtIndex = fileURLToPath(new URL('../../web/dist/index.html', import.meta.url));
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface Browser {
  readonly context: BrowserContext;
  /** A new tab that records console errors and CSP violations, for `assertNoPageErrors`. */
  newPage(options?: { phone?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

const problemsOf = new WeakMap<Page, string[]>();

/** Starts headless Chromium with a fresh profile; fails with how to fix it when a part is missing. */
export async function startBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install it with \`apt-get install -y chromium\``);
  }
  if (!existsSync(builtIndex)) throw new Error('The pages are not built: run `npm run build:web` first');
  const profile = await mkdtemp(join(tmpdir(), 'veil-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  for (const page of context.pages()) await page.close();
  return {
    context,
    newPage: async (options = {}) => {
      // Each page starts signed out, whatever an earlier one left behind.
      await context.clearCookies();
      const page = await context.newPage();
      if (options.phone) await page.setViewportSize({ width: 375, height: 740 });
      const problems: string[] = [];
      problemsOf.set(page, problems);
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        // A refused request (401 on the first look for a session) is an answer, not a page fault.
        if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) {
          problems.push(`console: ${message.text()}`);
        }
      });
      page.on('dialog', (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      return page;
    },
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** What a browser test works with, ready once its suite's `before` hooks ran. */
export interface PagesWorld {
  /** A real Veil listening on a free port, loaded with the pages scenario, on the suite's backend. */
  readonly veil: ListeningVeil;
  /** The test file's one Chromium, shared by its suites on every backend. */
  readonly browser: Browser;
  /** The test app, installed on acme: only when `app` was given. */
  readonly app: TestApp;
}

export interface PagesWorldOptions {
  readonly app?: Omit<TestAppOptions, 'veil'>;
}

let browserOfFile: Promise<Browser> | undefined;
let closesBrowserOfFile = false;

/** The test file's one Chromium: started by the first suite that asks for it. */
function browserOfThisFile(): Promise<Browser> {
  browserOfFile ??= startBrowser();
  return browserOfFile;
}

/** Before the suite's tests, starts its Veil on `backend` and the test app (when asked); after them, closes both. */
function pagesWorld(backend: TestBackend, options: PagesWorldOptions): PagesWorld {
  const world = {} as { -readonly [K in keyof PagesWorld]: PagesWorld[K] };
  before(async () => {
    const scenario = await pagesScenario();
    const testbed = await startConnectTestbed(backend, options.app ? { app: options.app } : {}, { scenario });
    world.veil = testbed.veil;
    if ('app' in testbed) world.app = testbed.app;
    world.browser = await browserOfThisFile();
  });
  // The testbed's Veil closes its app first.
  after(() => world.veil?.close());
  return world;
}

/**
 * A browser suite, on every backend (PGlite; PostgreSQL when VEIL_TEST_DATABASE_URL is set): `body`
 * declares the tests once per backend, against that backend's world. Called at the top level of a test
 * file; the file's suites share one Chromium, closed after the last of them.
 */
export function describeInBrowser(
  name: string,
  options: PagesWorldOptions,
  body: (world: PagesWorld) => void,
): void {
  if (!closesBrowserOfFile) {
    closesBrowserOfFile = true;
    after(() =>
      browserOfFile?.then(
        (browser) => browser.close(),
        () => undefined,
      ),
    );
  }
  for (const backend of testBackends()) {
    describe(`${name}, on ${backend.name}`, () => body(pagesWorld(backend, options)));
  }
}

/** No script error, no CSP violation, no dialog since the page opened. */
export function assertNoPageErrors(page: Page): void {
  assert.deepEqual(problemsOf.get(page) ?? [], []);
}

/** Keeps a screenshot of the page under `test-results/pages/<name>.png`. */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  await page.screenshot({ path: join(resultsDir, `${name}.png`), fullPage: true });
}

/**
 * Runs axe-core on the page (WCAG 2.1 A and AA, and best practices) and fails on any serious or critical
 * violation, naming each rule and where it failed. The script goes in through the DevTools protocol, so
 * the page's own CSP stays in force.
 */
export async function assertAccessible(page: Page, name: string): Promise<void> {
  const source = await readFile(axePath, 'utf8');
  await page.evaluate(source);
  // A string, run in the page: the test code is not compiled against the DOM.
  const violations = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  })()`)) as { id: string; impact: string; help: string; targets: string[] }[];
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious, [], `axe found serious problems on ${name}`);
  await keepScreenshot(page, name);
}

/** A new tab of the world's browser (`newPage`), signed in through the sign-in page as `email`. */
export async function openSignedInPage(
  world: Pick<PagesWorld, 'browser' | 'veil'>,
  email: string,
  token: string,
  options: { phone?: boolean } = {},
): Promise<Page> {
  const page = await world.browser.newPage(options);
  await signInThroughPage(page, world.veil.url, email, token);
  return page;
}

/** Signs in through the sign-in page and waits for the profile page. */
export async function signInThroughPage(page: Page, baseUrl: string, email: string, token: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address', { exact: true }).fill(email);
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const profile = page.getByRole('heading', { level: 1, name: 'Profile and visibility' });
  const refusal = page.locator('.notice.error');
  await profile.or(refusal).first().waitFor();
  if (await refusal.isVisible()) throw new Error(`sign-in refused: ${await refusal.textContent()}`);
}

/** Signs out with the page's button and waits for the sign-in page. */
export async function signOutThroughPage(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
}
