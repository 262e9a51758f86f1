/**
 * Why: a custom integration's directory is bound into its sandbox and allowed under the
 * permission model; a symlink (git keeps them) or a hard link shipped in it would let the
 * sandbox read whatever the link names — `corral.yaml`, `.storage`, the API token.
 */
import { lstat, readdir, realpath } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { IntegrationLinkError } from '../errors.js';

/** A directory tree bigger than this is refused rather than walked for ever. */
const MAX_ENTRIES = 50_000;

function within(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep));
}

/**
 * Refuse every symlink under `dir` whose real path leaves `dir`, and every regular file
 * with more than one hard link (its other names may be anywhere). Throws `IntegrationLinkError`.
 */
export async function checkIntegrationLinks(dir: string): Promise<void> {
  const root = await realpath(dir);
  const pending = [root];
  let seen = 0;
  while (pending.length > 0) {
    const current = pending.pop() as string;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      seen += 1;
      if (seen > MAX_ENTRIES) {
        throw new IntegrationLinkError(dir, dir, `holds more than ${MAX_ENTRIES} files and folders`);
      }
      const path = join(current, entry.name);
      const shown = join(dir, relative(root, path));
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(path);
        } catch {
          throw new IntegrationLinkError(dir, shown, 'is a symlink that leads nowhere');
        }
        if (!within(target, root)) {
          throw new IntegrationLinkError(dir, shown, `is a symlink out of the integration (to ${target})`);
        }
      } else if (entry.isDirectory()) {
        pending.push(path);
      } else if (entry.isFile()) {
        const stat = await lstat(path);
        if (stat.nlink > 1) {
          throw new IntegrationLinkError(
            dir,
            shown,
            `is a hard link (${stat.nlink} names); copy the file instead of linking it`,
          );
        }
      }
    }
  }
}
