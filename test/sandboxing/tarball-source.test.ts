import { access, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationCatalog } from '../../src/host/catalog.js';
import {
  IntegrityError,
  parseIntegrity,
  TarballSourceError,
  UnsafeTarballError,
  unpackTarball,
} from '../../src/host/tarball-source.js';
import { IntegrationLoader, UnsupportedSourceError } from '../../src/sandbox/integration-loader.js';
import { corral } from '../../src/wire/gen/corral.js';
import {
  integrityOf,
  type PackedTarball,
  packFixture,
  pinned,
  rawFixture,
  tree,
} from '../fixtures/tarball/pack.js';
import { type ExampleHub, runFlow, startExampleHub } from '../support/example-hub.js';

let base: string;
let packed: PackedTarball;
const cleanups: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'corral-tarball-'));
  await mkdir(join(base, 'tarballs'));
  packed = await packFixture(join(base, 'tarballs'));
  return () => rm(base, { recursive: true, force: true });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh directory under this suite's temporary directory. */
async function scratch(name: string): Promise<string> {
  return mkdtemp(join(base, `${name}-`));
}

async function exampleHub(options: Parameters<typeof startExampleHub>[0]): Promise<ExampleHub> {
  const example = await startExampleHub({ isolation: 'inline', ...options });
  cleanups.push(() => example.cleanup());
  return example;
}

const sourcesOf = (configDir: string) => join(configDir, '.corral', 'sources');
const pinOf = (tarball: PackedTarball) => ({ file: tarball.file, integrity: tarball.integrity });

describe('a pinned tarball integration', () => {
  it('is pinned by the same integrity npm pack prints for it', () => {
    expect(packed.integrity).toBe(packed.npmIntegrity);
  });

  it('is verified, unpacked into a private directory under the data dir and set up in-process', async () => {
    const { hub, configDir } = await exampleHub({ tarballs: [pinOf(packed)] });
    const { name } = parseIntegrity(packed.file, packed.integrity);
    const root = join(sourcesOf(configDir), name);
    expect(hub.catalog.errors()).toEqual([]);
    expect(hub.catalog.get('packed_meter')).toMatchObject({
      builtIn: false,
      dir: join(root, 'package'),
      tarball: { file: packed.file, integrity: packed.integrity, root },
    });
    expect(await tree(root)).toEqual([
      'node_modules',
      'node_modules/corral',
      'package',
      'package/index.js',
      'package/manifest.json',
      'package/package.json',
    ]);

    const answer = await runFlow(hub, 'packed_meter', [{}]);
    expect(answer.type).toBe('create_entry');
    expect(hub.entries.get(answer.entryId!)?.sandbox).toBe('main');
    expect(hub.entries.state(answer.entryId!)).toBe('loaded');
    expect(hub.states.get('sensor.packed_meter_reading')?.state).toBe('42');
  });

  it('may be pinned by sha384 or sha256 too, and of several hashes only the strongest algorithm counts', async () => {
    for (const integrity of [
      await integrityOf(packed.file, 'sha384'),
      await integrityOf(packed.file, 'sha256'),
    ]) {
      const sources = await scratch('sources');
      await expect(unpackTarball({ file: packed.file, integrity }, sources)).resolves.toMatchObject({
        integrity,
      });
    }
    const sha256 = await integrityOf(packed.file, 'sha256');
    const wrongSha512 = `sha512-${Buffer.alloc(64).toString('base64')}`;
    await expect(
      unpackTarball({ file: packed.file, integrity: `${sha256} ${wrongSha512}` }, await scratch('sources')),
    ).rejects.toBeInstanceOf(IntegrityError);
    await expect(
      unpackTarball(
        { file: packed.file, integrity: `sha1-AAAA ${packed.integrity}?opt` },
        await scratch('sources'),
      ),
    ).resolves.toMatchObject({ file: packed.file });
  });

  it('refuses a pin that holds no sha512, sha384 or sha256 digest with invalid_integrity, naming the tarball', async () => {
    for (const integrity of ['', 'sha1-2jmj7l5rSw0yVb/vlWAYkK/YBwk=', 'sha512-tooShort', 'md5:abc']) {
      const refusal = unpackTarball({ file: packed.file, integrity }, await scratch('sources'));
      await expect(refusal).rejects.toBeInstanceOf(TarballSourceError);
      await expect(refusal).rejects.toMatchObject({ type: 'invalid_integrity', file: packed.file });
    }
  });
});

describe('a tarball failing its integrity', () => {
  it('is refused with an IntegrityError naming the file, expected and actual digests, and nothing is unpacked', async () => {
    const tampered = join(base, 'tarballs', 'tampered.tgz');
    await writeFile(tampered, Buffer.concat([await readFile(packed.file), Buffer.from('tampered')]));
    const { hub, configDir } = await exampleHub({
      tarballs: [{ file: tampered, integrity: packed.integrity }],
    });

    const [error] = hub.catalog.errors();
    expect(error).toBeInstanceOf(IntegrityError);
    expect(error).toMatchObject({
      type: 'integrity_mismatch',
      file: tampered,
      expected: packed.integrity,
      actual: await integrityOf(tampered),
    });
    expect(error?.message).toContain(tampered);
    expect(hub.catalog.get('packed_meter')).toBeUndefined();
    expect(await readdir(sourcesOf(configDir))).toEqual([]);
  });

  it('leaves the hub running: other integrations set up, and a flow for it fails as unknown_integration', async () => {
    const tampered = join(base, 'tarballs', 'tampered-2.tgz');
    await writeFile(tampered, Buffer.from('not even a tarball'));
    const { hub } = await exampleHub({ tarballs: [{ file: tampered, integrity: packed.integrity }] });

    await expect(hub.flows.start('packed_meter')).rejects.toMatchObject({ type: 'unknown_integration' });
    const lights = await runFlow(hub, 'demo_light', [{ name: 'Desk', count: 1, area: 'Office' }]);
    expect(hub.entries.state(lights.entryId!)).toBe('loaded');
  });

  it('fails the setup of an entry it served before, clearly, while the hub starts', async () => {
    const configDir = await scratch('config');
    const first = await startExampleHub({ isolation: 'inline', configDir, tarballs: [pinOf(packed)] });
    const answer = await runFlow(first.hub, 'packed_meter', [{}]);
    await first.cleanup();

    // The next start pins other bytes: the entry's integration no longer resolves.
    const other = await pinned(join(base, 'tarballs', 'other.tgz'), await rawFixture([]));
    const { hub } = await exampleHub({
      configDir,
      tarballs: [{ file: other.file, integrity: `sha512-${Buffer.alloc(64, 1).toString('base64')}` }],
    });
    expect(hub.entries.state(answer.entryId!)).toBe('setup_error');
    expect(hub.entries.reason(answer.entryId!)).toContain('no integration "packed_meter"');
    expect(hub.catalog.errors()).toEqual([expect.objectContaining({ type: 'integrity_mismatch' })]);
  });
});

describe('a hostile tarball, pinned with its own integrity', () => {
  const escapes = {
    'an entry climbing out with ..': { path: 'package/../../../../../../escape.js', body: 'escaped' },
    'an absolute path': { path: '/tmp/corral-tarball-abs-escape.js', body: 'escaped' },
    'a symbolic link to /etc, written through': { path: 'package/etc', type: 'symlink', linkpath: '/etc' },
    'a hard link to /etc/passwd': { path: 'package/passwd', type: 'hardlink', linkpath: '/etc/passwd' },
    'a symbolic link climbing out of its directory': {
      path: 'package/up',
      type: 'symlink',
      linkpath: '../../../..',
    },
    'an entry outside package/': { path: 'elsewhere/escape.js', body: 'escaped' },
    'a FIFO': { path: 'package/pipe', type: 'fifo' },
  } as const;

  it.each(Object.entries(escapes))(
    'with %s is refused whole: nothing is written anywhere',
    async (_, entry) => {
      const dir = await scratch('hostile');
      const tarball = await pinned(
        join(dir, 'hostile.tgz'),
        await rawFixture([entry, { path: 'package/etc/corral-escape', body: 'escaped' }]),
      );
      const sources = join(dir, 'config', '.corral', 'sources');
      const catalog = new IntegrationCatalog({
        builtInDirs: [],
        tarballs: [tarball],
        sourcesDir: sources,
        logger: () => {},
      });
      await catalog.scan();

      expect(catalog.errors()).toEqual([expect.any(UnsafeTarballError)]);
      expect(catalog.errors()[0]).toMatchObject({
        type: 'tarball_unsafe',
        file: tarball.file,
        entry: entry.path,
      });
      expect(catalog.get('packed_meter')).toBeUndefined();
      expect(await tree(dir)).toEqual(['config', 'config/.corral', 'config/.corral/sources', 'hostile.tgz']);
      await expect(access('/tmp/corral-tarball-abs-escape.js')).rejects.toThrow();
      await expect(access('/etc/corral-escape')).rejects.toThrow();
      await expect(access(join(base, 'escape.js'))).rejects.toThrow();
    },
  );

  it('past the entry limit is refused before anything is unpacked', async () => {
    const dir = await scratch('hostile');
    const tarball = await pinned(join(dir, 'many.tgz'), await rawFixture([]));
    await expect(
      unpackTarball(tarball, join(dir, 'sources'), {
        maxTarballBytes: 1 << 20,
        maxUnpackedBytes: 1 << 20,
        maxEntries: 2,
      }),
    ).rejects.toMatchObject({ type: 'tarball_unsafe', entry: 'package/index.js' });
    expect(await readdir(join(dir, 'sources'))).toEqual([]);
  });
});

describe('a pin is verified and unpacked once per process', () => {
  it('a second start finds the unpacked package as it left it, without reading the tarball again', async () => {
    const dir = await scratch('cache');
    const file = join(dir, 'meter.tgz');
    await writeFile(file, await readFile(packed.file));
    const pin = { file, integrity: packed.integrity };
    const first = await startExampleHub({ isolation: 'inline', tarballs: [pin] });
    cleanups.push(() => first.cleanup());
    const root = first.hub.catalog.get('packed_meter')!.tarball!.root;
    await writeFile(join(root, 'marker'), 'left by the test');

    await rm(file);
    const second = await first.restart();
    cleanups.push(() => second.cleanup());
    expect(second.hub.catalog.errors()).toEqual([]);
    expect(second.hub.catalog.get('packed_meter')?.tarball?.root).toBe(root);
    expect(await readFile(join(root, 'marker'), 'utf8')).toBe('left by the test');
    const answer = await runFlow(second.hub, 'packed_meter', [{}]);
    expect(second.hub.entries.state(answer.entryId!)).toBe('loaded');
  });

  it('a pin whose unpacked directory has gone is verified and unpacked again', async () => {
    const { hub, configDir } = await exampleHub({ tarballs: [pinOf(packed)] });
    const root = hub.catalog.get('packed_meter')!.tarball!.root;
    await writeFile(join(root, 'marker'), 'left by the test');
    await rename(root, join(configDir, 'moved-away'));

    await hub.catalog.scan();
    expect(hub.catalog.get('packed_meter')?.tarball?.root).toBe(root);
    expect(await readdir(root)).toEqual(['node_modules', 'package']);
  });

  it('a pin that failed is tried again on the next scan', async () => {
    const dir = await scratch('retry');
    const file = join(dir, 'late.tgz');
    const catalog = new IntegrationCatalog({
      builtInDirs: [],
      tarballs: [{ file, integrity: packed.integrity }],
      sourcesDir: join(dir, 'sources'),
      logger: () => {},
    });
    await catalog.scan();
    expect(catalog.errors()).toEqual([expect.objectContaining({ type: 'tarball_unreadable', file })]);

    await writeFile(file, await readFile(packed.file));
    await catalog.scan();
    expect(catalog.errors()).toEqual([]);
    expect(catalog.get('packed_meter')?.tarball?.file).toBe(file);
  });
});

describe('an integration source with no resolver', () => {
  const Kind = corral.IntegrationSource.Kind;

  it('a sandbox refuses a tarball source with UnsupportedSourceError: the host unpacks, the sandbox never does', async () => {
    const refusal = new IntegrationLoader().load('packed_meter', { kind: Kind.TARBALL, path: packed.file });
    await expect(refusal).rejects.toBeInstanceOf(UnsupportedSourceError);
    await expect(refusal).rejects.toMatchObject({ type: 'unsupported_source' });
    await expect(refusal).rejects.toThrow(/host verifies and unpacks tarballs/);
  });

  it('a sandbox refuses a source kind it does not know, never falling back to another', async () => {
    const refusal = new IntegrationLoader().load('packed_meter', {
      kind: 7 as corral.IntegrationSource.Kind,
      path: packed.file,
    });
    await expect(refusal).rejects.toBeInstanceOf(UnsupportedSourceError);
    await expect(refusal).rejects.toThrow(/source kind 7, which this sandbox runtime has no resolver for/);
  });

  it('a custom directory claiming the domain of a tarball wins, and the tarball is reported as a conflict', async () => {
    const custom = await scratch('custom');
    await mkdir(join(custom, 'packed_meter'));
    await writeFile(
      join(custom, 'packed_meter', 'manifest.json'),
      await readFile(join(import.meta.dirname, '../fixtures/tarball/packed_meter/manifest.json')),
    );
    const catalog = new IntegrationCatalog({
      builtInDirs: [],
      customDirs: [custom],
      tarballs: [pinOf(packed)],
      sourcesDir: await scratch('sources'),
      logger: () => {},
    });
    await catalog.scan();
    expect(catalog.get('packed_meter')?.dir).toBe(join(custom, 'packed_meter'));
    expect(catalog.errors()).toEqual([
      expect.objectContaining({ type: 'integration_conflict', refusedDir: packed.file }),
    ]);
  });
});
