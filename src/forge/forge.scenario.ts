/** A scenario file's Forge apps (`forgeApps`), checked with the file. Pure. */
import type { ErrorDetail } from '../errors/veil-error.ts';
import { readForgeManifest } from './forge.manifest.ts';

export interface ScenarioForgeApp {
  readonly siteId: string;
  readonly manifest: unknown;
}

/** Each app on a site of the file, its manifest valid, and installed once per site. */
export function findScenarioForgeAppProblems(
  apps: readonly ScenarioForgeApp[],
  siteIds: readonly string[],
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  for (const [i, app] of apps.entries()) {
    if (!siteIds.includes(app.siteId))
      problems.push({ path: `$.forgeApps[${i}].siteId`, message: 'names no site of the file' });
    const manifest = readForgeManifest(app.manifest, `$.forgeApps[${i}].manifest`);
    if (Array.isArray(manifest)) {
      problems.push(...manifest);
      continue;
    }
    const key = `${app.siteId} ${manifest.appId}`;
    if (seen.has(key))
      problems.push({ path: `$.forgeApps[${i}]`, message: 'installs an app twice on one site' });
    seen.add(key);
  }
  return problems;
}
