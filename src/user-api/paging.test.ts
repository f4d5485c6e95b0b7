import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type Page, pageOf, readPage, withStartAt } from './paging.ts';

const base = 'https://acme.example/rest/api/3/user/bulk?accountId=a&maxResults=2';

/** Every page, from `startAt` 0, following `nextPage` as a client would. */
function walk(items: readonly number[], maxResults: number): Page<number>[] {
  const pages: Page<number>[] = [];
  let self = withStartAt(base, 0);
  for (;;) {
    const startAt = Number(new URL(self).searchParams.get('startAt'));
    const page = pageOf(self, items, { startAt, maxResults }, (n) => n * 10);
    pages.push(page);
    if (page.nextPage === undefined) return pages;
    self = page.nextPage;
  }
}

describe('the paged envelope', () => {
  it('following nextPage yields every item once, in order, and only the last page says so', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer({ min: 1, max: 7 }), (items, maxResults) => {
        const pages = walk(items, maxResults);
        assert.deepEqual(
          pages.flatMap((page) => page.values),
          items.map((n) => n * 10),
        );
        assert.deepEqual(
          pages.map((page) => page.isLast),
          pages.map((_, i) => i === pages.length - 1),
        );
        for (const page of pages) {
          assert.equal(page.total, items.length);
          assert.equal(page.maxResults, maxResults);
          assert.ok(page.values.length <= maxResults);
        }
      }),
    );
  });

  it('sets startAt in nextPage and keeps the rest of the URL', () => {
    const page = pageOf(base, [1, 2, 3], { startAt: 0, maxResults: 2 }, String);
    assert.equal(
      page.nextPage,
      'https://acme.example/rest/api/3/user/bulk?accountId=a&maxResults=2&startAt=2',
    );
    assert.deepEqual(page.values, ['1', '2']);
    const beyond = pageOf(base, [1, 2, 3], { startAt: 5, maxResults: 2 }, String);
    assert.deepEqual(
      { isLast: beyond.isLast, values: beyond.values, next: beyond.nextPage },
      {
        isLast: true,
        values: [],
        next: undefined,
      },
    );
  });

  it('reads startAt from 0 and caps maxResults, refusing negatives', () => {
    assert.deepEqual(readPage({}, { maxResults: 10, cap: 50 }), { startAt: 0, maxResults: 10 });
    assert.deepEqual(readPage({ startAt: 3, maxResults: 500 }, { maxResults: 10, cap: 50 }), {
      startAt: 3,
      maxResults: 50,
    });
    assert.throws(() => readPage({ startAt: -1 }, { maxResults: 10, cap: 50 }), /startAt/);
    assert.throws(() => readPage({ maxResults: -1 }, { maxResults: 10, cap: 50 }), /maxResults/);
  });
});
