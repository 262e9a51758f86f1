import fc from 'fast-check';
import { test } from 'vitest';

/**
 * `prop([arbitraries], params)(name, predicate)`: a vitest test that checks a
 * fast-check property, the predicate failing by throwing (expect) or returning
 * false. Plain fast-check rather than @fast-check/vitest, whose import alone
 * costs seconds per file.
 */
export function prop<Ts extends [unknown, ...unknown[]]>(
  arbitraries: { [K in keyof Ts]: fc.Arbitrary<Ts[K]> },
  params: fc.Parameters<Ts> = {},
) {
  return (name: string, predicate: (...args: Ts) => unknown) =>
    test(name, async () => {
      const property = fc.asyncProperty<Ts>(
        ...([
          ...arbitraries,
          async (...args: Ts) => (await predicate(...args)) !== false,
        ] as unknown as Parameters<typeof fc.asyncProperty<Ts>>),
      );
      await fc.assert(property, params);
    });
}
