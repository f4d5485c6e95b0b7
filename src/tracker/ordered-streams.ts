/** Ordered asynchronous streams: merged into one, and rid of repeats. */

/** The items of a list, as a stream. */
export async function* listed<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** An ordered stream without the repeats of an item (which, being equal, come one after another). */
export async function* withoutRepeats<T>(
  items: AsyncIterator<T>,
  idOf: (item: T) => string,
): AsyncGenerator<T> {
  let last: string | null = null;
  for (let next = await items.next(); !next.done; next = await items.next()) {
    if (idOf(next.value) === last) continue;
    last = idOf(next.value);
    yield next.value;
  }
}

/** Ordered streams merged into one ordered stream. */
export async function* mergeInOrder<T>(
  streams: AsyncIterator<T>[],
  compare: (a: T, b: T) => number,
): AsyncGenerator<T> {
  const heads = await Promise.all(streams.map((stream) => stream.next()));
  for (;;) {
    let best = -1;
    for (const [index, head] of heads.entries()) {
      if (head.done) continue;
      const current = heads[best];
      if (best < 0 || (current && !current.done && compare(head.value, current.value) < 0)) best = index;
    }
    const chosen = heads[best];
    if (!chosen || chosen.done) return;
    yield chosen.value;
    heads[best] = await streams[best]!.next();
  }
}
