/**
 * Writes src/oauth/gateway-scopes.json: the scopes each gateway operation needs, derived from the
 * official specs for the operations Veil serves (see test/support/gateway-scopes.ts). Run it after
 * adding a tracker or wiki route: `./node_modules/.bin/node scripts/derive-gateway-scopes.ts`.
 */
import { writeFileSync } from 'node:fs';
import { testBackends } from '../test/support/backends.ts';
import { deriveGatewayScopes, routesOfDocument } from '../test/support/gateway-scopes.ts';
import { startTestVeil } from '../test/support/test-veil.ts';

const [pglite] = testBackends();
if (!pglite) throw new Error('no PGlite backend');
const veil = await startTestVeil(pglite, null);
try {
  const derived = deriveGatewayScopes(routesOfDocument(veil.app.swagger()));
  const target = new URL('../src/oauth/gateway-scopes.json', import.meta.url);
  writeFileSync(target, `${JSON.stringify(derived, null, 2)}\n`);
  console.log(`${Object.keys(derived).length} operations written to ${target.pathname}`);
} finally {
  await veil.close();
}
