/**
 * A Veil started on a scenario, with a directory of its own opened on its store, for the tests of one
 * describe block: the search tests call the search functions with that directory and change people
 * through the Veil's HTTP API.
 */
import { after, before } from 'node:test';
import { Directory } from '../../src/directory/directory.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import type { TestBackend } from './backends.ts';
import { startTestVeil, type TestVeil } from './test-veil.ts';

export interface VeilWithDirectory {
  readonly veil: TestVeil;
  readonly directory: Directory;
}

/**
 * Starts a Veil on `scenario` and opens a directory on its store before the tests of the describe block
 * it is called in, and closes both after them; the two are read through the object returned, once started.
 */
export function startVeilWithDirectoryForSuite(backend: TestBackend, scenario: Scenario): VeilWithDirectory {
  let started: VeilWithDirectory | undefined;
  before(async () => {
    const veil = await startTestVeil(backend, scenario);
    started = { veil, directory: await Directory.open(veil.store.db, veil.store.listen) };
  });
  after(async () => {
    await started?.directory.close();
    await started?.veil.close();
  });
  const current = () => {
    if (started === undefined) throw new Error('The Veil is read before its describe block started it');
    return started;
  };
  return {
    get veil() {
      return current().veil;
    },
    get directory() {
      return current().directory;
    },
  };
}
