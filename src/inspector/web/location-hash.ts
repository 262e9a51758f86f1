/** The selected actor in the page URL: `#actor=<id>`, readable (`:` `/` `@` `.` left as they are). */

export function actorFromHash(hash: string): string | undefined {
  const match = /^#?actor=(.+)$/.exec(hash);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return match[1];
  }
}

export function hashForActor(id: string): string {
  return `#actor=${encodeURIComponent(id).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%40/g, '@')}`;
}
