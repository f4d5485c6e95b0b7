import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkArchitecture } from '../../scripts/check-architecture.ts';

const scratch: string[] = [];
after(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

/** A throwaway tree of modules (path → source) to run the rules over. */
async function treeOf(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'veil-architecture-'));
  scratch.push(root);
  for (const [path, source] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), source);
  }
  return root;
}

describe('the dependency rule (.dependency-cruiser.cjs)', () => {
  it("holds for Veil's own modules", () => {
    const { status, report } = checkArchitecture(process.cwd());
    assert.equal(status, 0, report);
  });

  it('fails on two folders that import each other', async () => {
    const root = await treeOf({
      'src/webhooks/queue.ts':
        "import { linkAccount } from '../site-links/links.ts';\nexport const queue = linkAccount;\n",
      'src/site-links/links.ts':
        "import { queue } from '../webhooks/queue.ts';\nexport const linkAccount = () => queue;\n",
    });
    const { status, report } = checkArchitecture(root);
    assert.notEqual(status, 0);
    assert.match(report, /no-folder-cycles/);
  });

  it('fails on plumbing that imports a capability', async () => {
    const root = await treeOf({
      'src/http/server.ts':
        "import { Directory } from '../directory/directory.ts';\nexport const d = Directory;\n",
      'src/directory/directory.ts': 'export class Directory {}\n',
    });
    const { status, report } = checkArchitecture(root);
    assert.notEqual(status, 0);
    assert.match(report, /plumbing-knows-no-product/);
  });

  it('fails on a pure core that reads a file', async () => {
    const root = await treeOf({
      'src/visibility/visibility.ts':
        "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n",
    });
    const { status, report } = checkArchitecture(root);
    assert.notEqual(status, 0);
    assert.match(report, /pure-cores-stay-pure/);
  });
});
