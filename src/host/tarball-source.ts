/**
 * Pinned package tarballs as an integration source. A tarball is believed for
 * exactly what its pin says: its bytes must hash to the pinned integrity before
 * anything in it is unpacked, and it unpacks only into a private directory of
 * its own under the hub's data dir, as plain files and directories. Each pin is
 * verified and unpacked once per process; the catalog then reads the unpacked
 * package like any integration directory.
 *
 * ```
 * <configDir>/.corral/sources/<algorithm>-<digest>/
 *   package/              the tarball's package/ (npm pack layout): the integration's directory
 *   node_modules/corral   → this Corral package, so the integration's `corral/sdk` is the host's SDK
 * ```
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { extract as extractTar, list as listTar, type ReadEntry } from 'tar';
import { CorralError } from '../errors.js';

/** A package tarball (`npm pack` format) and the integrity it must have, as npm prints it. */
export interface TarballPin {
  /** Absolute path of the tarball. */
  readonly file: string;
  /** Subresource-integrity form: `sha512-<base64>` (sha384 and sha256 also accepted). */
  readonly integrity: string;
}

/** A verified tarball, unpacked. */
export interface UnpackedTarball {
  /** The tarball that was verified and unpacked. */
  readonly file: string;
  readonly integrity: string;
  /** The pin's private directory: everything unpacked for it, and nothing else, is below it. */
  readonly root: string;
  /** The package itself (`<root>/package`): the integration's directory. */
  readonly dir: string;
}

/** Bounds on what a tarball may make the host read and write. */
export interface TarballLimits {
  /** Size of the tarball file itself. */
  readonly maxTarballBytes: number;
  /** Sum of the sizes of the files it holds. */
  readonly maxUnpackedBytes: number;
  /** Number of files and directories it holds. */
  readonly maxEntries: number;
}

export const defaultTarballLimits: TarballLimits = {
  maxTarballBytes: 64 * 1024 * 1024,
  maxUnpackedBytes: 256 * 1024 * 1024,
  maxEntries: 10_000,
};

/** A tarball source that cannot be used; `file` names the tarball. */
export class TarballSourceError extends CorralError {
  constructor(
    readonly file: string,
    message: string,
    type = 'tarball_source',
    options?: ErrorOptions,
  ) {
    super(type, message, options);
  }
}

/** The tarball's bytes do not hash to its pinned integrity; nothing in it was unpacked. */
export class IntegrityError extends TarballSourceError {
  constructor(
    file: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      file,
      `tarball ${file} does not match its pinned integrity: expected ${expected}, got ${actual}; nothing in it was unpacked. Restore the original file, or pin the new one if you trust it (npm pack prints its integrity)`,
      'integrity_mismatch',
    );
  }
}

/** An entry that could write outside the tarball's private directory, or is no plain file or directory. */
export class UnsafeTarballError extends TarballSourceError {
  constructor(
    file: string,
    readonly entry: string,
    reason: string,
  ) {
    super(
      file,
      `tarball ${file} is refused: entry ${JSON.stringify(entry)} ${reason}; nothing in it was unpacked`,
      'tarball_unsafe',
    );
  }
}

const DIGEST_BYTES = { sha512: 64, sha384: 48, sha256: 32 } as const;
type Algorithm = keyof typeof DIGEST_BYTES;
/** Strongest first: of several hashes in a pin, only the strongest algorithm's count (as in SRI). */
const ALGORITHMS = Object.keys(DIGEST_BYTES) as Algorithm[];

interface Pinned {
  readonly algorithm: Algorithm;
  /** Any of these digests verifies. */
  readonly digests: readonly Buffer[];
  /** A file name for the pin's private directory, derived from its first digest. */
  readonly name: string;
}

/** Reads an SRI string; hashes of algorithms other than sha256/384/512 are ignored, as in SRI. */
export function parseIntegrity(file: string, integrity: string): Pinned {
  const found = new Map<Algorithm, Buffer[]>();
  for (const token of integrity.trim().split(/\s+/)) {
    const match = /^(sha\d+)-([^?]*)(\?.*)?$/.exec(token);
    const algorithm = match?.[1];
    if (!match || !ALGORITHMS.includes(algorithm as Algorithm)) continue;
    const base64 = match[2] ?? '';
    const digest = Buffer.from(base64, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || digest.length !== DIGEST_BYTES[algorithm as Algorithm]) {
      throw new TarballSourceError(
        file,
        `tarball ${file} is pinned to ${JSON.stringify(token)}, which is not a valid ${algorithm} digest in base64`,
        'invalid_integrity',
      );
    }
    found.set(algorithm as Algorithm, [...(found.get(algorithm as Algorithm) ?? []), digest]);
  }
  const algorithm = ALGORITHMS.find((candidate) => found.has(candidate));
  const digests = algorithm && found.get(algorithm);
  if (!algorithm || !digests?.[0]) {
    throw new TarballSourceError(
      file,
      `tarball ${file} is pinned to ${JSON.stringify(integrity)}, which holds no sha512, sha384 or sha256 hash; pin it as npm prints it: sha512-<base64>`,
      'invalid_integrity',
    );
  }
  return { algorithm, digests, name: `${algorithm}-${digests[0].toString('base64url')}` };
}

/** Pins verified and unpacked in this process, by private directory. Failures are not kept. */
const unpacked = new Map<string, Promise<UnpackedTarball>>();

/**
 * The unpacked package of `pin` under `sourcesDir`: verified against its integrity
 * and unpacked the first time this process asks for it, and again only when its
 * directory has gone. Rejects with a `TarballSourceError` (`IntegrityError`,
 * `UnsafeTarballError`, ...) and leaves nothing behind when the tarball is unusable.
 */
export async function unpackTarball(
  pin: TarballPin,
  sourcesDir: string,
  limits: TarballLimits = defaultTarballLimits,
): Promise<UnpackedTarball> {
  const pinned = parseIntegrity(pin.file, pin.integrity);
  const root = join(sourcesDir, pinned.name);
  for (;;) {
    const current = unpacked.get(root);
    if (!current) break;
    const done = await current.catch(() => undefined);
    if (done && (await isDirectory(done.dir))) return done;
    // Failed, or its directory was removed: verify and unpack again, unless another caller already is.
    if (unpacked.get(root) === current) {
      unpacked.delete(root);
      break;
    }
  }
  const pending = verifyAndUnpack(pin, pinned, sourcesDir, root, limits);
  unpacked.set(root, pending);
  pending.catch(() => {
    if (unpacked.get(root) === pending) unpacked.delete(root);
  });
  return pending;
}

async function verifyAndUnpack(
  pin: TarballPin,
  pinned: Pinned,
  sourcesDir: string,
  root: string,
  limits: TarballLimits,
): Promise<UnpackedTarball> {
  await mkdir(sourcesDir, { recursive: true });
  const staging = await mkdtemp(join(sourcesDir, '.staging-'));
  try {
    // Everything after the hash reads this private copy, so the file cannot change between check and use.
    const copy = join(staging, 'package.tgz');
    const actual = await copyHashing(pin.file, copy, pinned.algorithm, limits.maxTarballBytes);
    if (!pinned.digests.some((digest) => digest.equals(actual))) {
      const first = pinned.digests[0] ?? Buffer.alloc(0);
      throw new IntegrityError(
        pin.file,
        `${pinned.algorithm}-${first.toString('base64')}`,
        `${pinned.algorithm}-${actual.toString('base64')}`,
      );
    }
    await checkEntries(pin.file, copy, limits);
    const fresh = join(staging, 'root');
    await mkdir(fresh);
    await extractTar({
      file: copy,
      cwd: fresh,
      strict: true,
      preservePaths: false,
      preserveOwner: false,
      // Every entry was checked above; this holds even if the two reads ever disagreed.
      filter: (_path, entry) => {
        const readEntry = entry as ReadEntry;
        if (entryProblem(readEntry) !== undefined) return false;
        // A package has no use for setuid, setgid, group- or world-writable bits.
        if (readEntry.mode !== undefined) readEntry.mode &= 0o755;
        return true;
      },
    }).catch((error: unknown) => {
      throw new TarballSourceError(
        pin.file,
        `tarball ${pin.file} could not be unpacked: ${(error as Error).message}`,
        'tarball_unreadable',
        { cause: error },
      );
    });
    if (!(await isDirectory(join(fresh, 'package')))) {
      throw new TarballSourceError(
        pin.file,
        `tarball ${pin.file} holds no package/ directory`,
        'tarball_invalid',
      );
    }
    await mkdir(join(fresh, 'node_modules'));
    await symlink(corralRoot, join(fresh, 'node_modules', 'corral'), 'junction');
    // Replace what an earlier process left; rename makes the new tree appear whole.
    if (existsSync(root)) await rename(root, join(staging, 'previous'));
    await rename(fresh, root);
    return Object.freeze({ file: pin.file, integrity: pin.integrity, root, dir: join(root, 'package') });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Copies `from` to `to`, hashing the bytes on the way; refuses a file over `maxBytes`. */
async function copyHashing(
  from: string,
  to: string,
  algorithm: Algorithm,
  maxBytes: number,
): Promise<Buffer> {
  const hash = createHash(algorithm);
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        done(
          new TarballSourceError(
            from,
            `tarball ${from} is larger than ${maxBytes} bytes`,
            'tarball_too_large',
          ),
        );
        return;
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx' }));
  } catch (error) {
    if (error instanceof TarballSourceError) throw error;
    throw new TarballSourceError(
      from,
      `tarball ${from} cannot be read: ${(error as Error).message}`,
      'tarball_unreadable',
      { cause: error },
    );
  }
  return hash.digest();
}

/** Reads every entry header before anything is written, refusing the whole tarball on the first bad one. */
async function checkEntries(file: string, copy: string, limits: TarballLimits): Promise<void> {
  let problem: UnsafeTarballError | undefined;
  let entries = 0;
  let bytes = 0;
  try {
    await listTar({
      file: copy,
      strict: true,
      onReadEntry: (entry) => {
        entries += 1;
        bytes += entry.size ?? 0;
        const reason =
          entryProblem(entry) ??
          (entries > limits.maxEntries ? `is past the limit of ${limits.maxEntries} entries` : undefined) ??
          (bytes > limits.maxUnpackedBytes
            ? `takes the unpacked size past the limit of ${limits.maxUnpackedBytes} bytes`
            : undefined);
        if (reason !== undefined) problem ??= new UnsafeTarballError(file, entry.path, reason);
      },
    });
  } catch (error) {
    throw new TarballSourceError(
      file,
      `tarball ${file} is not a readable package tarball: ${(error as Error).message}`,
      'tarball_unreadable',
      { cause: error },
    );
  }
  if (problem) throw problem;
  if (entries === 0) {
    throw new TarballSourceError(file, `tarball ${file} is empty`, 'tarball_invalid');
  }
}

const PLAIN_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Why an entry may not be unpacked, or `undefined` when it may. Only files and
 * directories below `package/`: an absolute path or a `..` could write anywhere
 * the host can, and a link could point a later write, or the sandbox's reads,
 * outside the private directory.
 */
function entryProblem(entry: Pick<ReadEntry, 'path' | 'type' | 'linkpath'>): string | undefined {
  if (!PLAIN_TYPES.has(entry.type)) {
    const target = entry.linkpath ? ` to ${JSON.stringify(entry.linkpath)}` : '';
    return `is a ${entry.type}${target}; a package may hold only files and directories`;
  }
  const path = entry.path;
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) {
    return 'has an absolute path';
  }
  const segments = path.split(/[\\/]/);
  if (segments.includes('..')) return 'climbs out with ".."';
  if (segments[0] !== 'package') return 'is outside package/, where npm pack puts every file';
  return undefined;
}

async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (stats) => stats.isDirectory(),
    () => false,
  );
}

/** This Corral package (built or not), which a tarball integration imports as `corral/sdk`. */
const corralRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
