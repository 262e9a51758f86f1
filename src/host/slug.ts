/**
 * Slugs turn user-facing names into ids (entity object ids, area ids), and
 * `firstFree` de-duplicates them as `kitchen`, `kitchen_2`, `kitchen_3`.
 */

/** Lowercase ASCII letters and digits joined by single `_`; accents are folded ("Küche" -> "kuche"). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * The first of `base`, `base_2`, `base_3`, … that `isTaken` refuses, each cut to
 * `maxLength` (the base is shortened, never the suffix).
 */
export function firstFree(
  base: string,
  isTaken: (id: string) => boolean,
  maxLength = Number.POSITIVE_INFINITY,
): string {
  return freeFrom(base, isTaken, maxLength, 2).id;
}

function freeFrom(base: string, isTaken: (id: string) => boolean, maxLength: number, from: number) {
  for (let n = 1; ; n = n === 1 ? Math.max(2, from) : n + 1) {
    const suffix = n === 1 ? '' : `_${n}`;
    const id = base.slice(0, maxLength - suffix.length).replace(/_+$/, '') + suffix;
    if (!isTaken(id)) return { id, n };
  }
}

/**
 * `firstFree` that remembers, per base, the suffix below which every id is taken, so a
 * thousand entities named alike cost a thousand probes, not half a million. An id set
 * free with `release` is offered again; an id freed elsewhere (outside the caller's
 * knowledge) may be passed over, never handed out twice.
 */
export class FreeIds {
  /** base -> the lowest suffix (>= 2) that may be free. */
  readonly #next = new Map<string, number>();

  constructor(
    private readonly isTaken: (id: string) => boolean,
    private readonly maxLength = Number.POSITIVE_INFINITY,
  ) {}

  take(base: string): string {
    const { id, n } = freeFrom(base, this.isTaken, this.maxLength, this.#next.get(base) ?? 2);
    if (n > 1) this.#next.set(base, n + 1);
    return id;
  }

  /** `id` is free again: the next `take` of its base may hand it out. */
  release(id: string): void {
    const match = /^(.*)_(\d+)$/.exec(id);
    if (!match) return;
    const [, base, digits] = match;
    const n = Number(digits);
    const next = this.#next.get(base!);
    if (next !== undefined && n < next) this.#next.set(base!, n);
  }
}
