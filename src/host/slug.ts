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
) {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : `_${n}`;
    const candidate = base.slice(0, maxLength - suffix.length).replace(/_+$/, '') + suffix;
    if (!isTaken(candidate)) return candidate;
  }
}
