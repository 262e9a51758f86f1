import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { IntegrationConflictError, IntegrationDirError, ManifestError } from '../../src/errors.js';
import { IntegrationCatalog } from '../../src/host/catalog.js';
import { Translations } from '../../src/host/translations.js';
import type { Logger } from '../../src/logger.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'integrations');
const builtin = join(fixtures, 'builtin');
const custom = join(fixtures, 'custom');

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = ((level, message) => void lines.push(`${level}: ${message}`)) as Logger & {
    lines: string[];
  };
  logger.lines = lines;
  return logger;
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'corral-catalog-'));
  temps.push(dir);
  return dir;
}

describe('IntegrationCatalog', () => {
  test('list returns every usable integration sorted by title, with its type and flags', async () => {
    const catalog = new IntegrationCatalog({
      builtInDirs: [builtin],
      customDirs: [custom],
      logger: () => {},
    });
    expect(await catalog.list()).toEqual([
      {
        domain: 'demo_light',
        name: 'Demo Light',
        title: 'Demo Light',
        integrationType: 'device',
        configFlow: true,
        builtIn: true,
        dir: join(builtin, 'demo_light'),
      },
      {
        domain: 'pool_pump',
        name: 'Pool Pump',
        title: 'Pool Pump',
        integrationType: 'hub',
        configFlow: true,
        builtIn: false,
        dir: join(custom, 'pool_pump'),
      },
      {
        domain: 'weather_station',
        name: 'Weather Station',
        title: 'Weather Station',
        integrationType: 'service',
        configFlow: false,
        builtIn: true,
        dir: join(builtin, 'weather_station'),
      },
    ]);
  });

  test('list(language) uses the translated titles and sorts by them', async () => {
    const catalog = new IntegrationCatalog({
      builtInDirs: [builtin],
      customDirs: [custom],
      logger: () => {},
    });
    const german = await catalog.list('de');
    expect(german.map((entry) => [entry.domain, entry.title])).toEqual([
      ['weather_station', 'Außenwetter'],
      ['demo_light', 'Demo-Licht'],
      ['pool_pump', 'Poolpumpe'],
    ]);
    // English: pool_pump's en.json title wins over its manifest name; weather_station has none.
    const english = await catalog.list('en');
    expect(english.map((entry) => entry.title)).toEqual(['Demo Light', 'Pool pump', 'Weather Station']);
  });

  test('a custom integration claiming a built-in domain is refused and logged; the built-in one is kept', async () => {
    const logger = recordingLogger();
    const catalog = new IntegrationCatalog({ builtInDirs: [builtin], customDirs: [custom], logger });
    await catalog.scan();
    expect(catalog.get('demo_light')).toMatchObject({ builtIn: true, dir: join(builtin, 'demo_light') });
    expect(catalog.get('demo_light')?.manifest.name).toBe('Demo Light');

    const conflict = catalog.errors().find((error) => error instanceof IntegrationConflictError);
    expect(conflict).toMatchObject({
      domain: 'demo_light',
      refusedDir: join(custom, 'demo_light'),
      keptDir: join(builtin, 'demo_light'),
    });
    expect(logger.lines).toContainEqual(
      expect.stringMatching(
        /^error: integration "demo_light" in .*custom.* may not replace the built-in one/,
      ),
    );
  });

  test('a broken manifest is listed in errors() with its file and fields, not thrown', async () => {
    const catalog = new IntegrationCatalog({
      builtInDirs: [builtin],
      customDirs: [custom],
      logger: () => {},
    });
    await catalog.scan();
    const broken = catalog.errors().find((error) => error instanceof ManifestError) as
      | ManifestError
      | undefined;
    expect(broken?.source).toBe(join(custom, 'broken_manifest', 'manifest.json'));
    expect(broken?.invalid.map((field) => field.path.join('.'))).toEqual([
      'domain',
      'name',
      'integration_type',
      'config_flow',
    ]);
    expect(catalog.errors()).toHaveLength(2);
    expect(catalog.domains()).toEqual(['demo_light', 'pool_pump', 'weather_station']);
  });

  test('a directory without manifest.json is not an integration and not an error', async () => {
    const catalog = new IntegrationCatalog({ builtInDirs: [builtin], logger: () => {} });
    await catalog.scan();
    expect(catalog.get('not_an_integration')).toBeUndefined();
    expect(catalog.errors()).toEqual([]);
  });

  test('scanning runs no integration code', async () => {
    const marker = globalThis as { __corralFixtureImported?: boolean };
    await new IntegrationCatalog({ builtInDirs: [builtin], customDirs: [custom], logger: () => {} }).list();
    expect(marker.__corralFixtureImported).toBeUndefined();
  });

  test('get returns the manifest and directory of a domain', async () => {
    const catalog = new IntegrationCatalog({
      builtInDirs: [builtin],
      customDirs: [custom],
      logger: () => {},
    });
    expect(catalog.get('pool_pump')).toBeUndefined();
    await catalog.scan();
    expect(catalog.get('pool_pump')).toEqual({
      domain: 'pool_pump',
      builtIn: false,
      dir: join(custom, 'pool_pump'),
      manifest: {
        domain: 'pool_pump',
        name: 'Pool Pump',
        version: '0.3.0',
        config_flow: true,
        single_config_entry: true,
        dependencies: ['weather_station'],
      },
    });
  });

  test('a missing integrations directory is reported in errors() and the others still load', async () => {
    const missing = join(tempDir(), 'nope');
    const catalog = new IntegrationCatalog({ builtInDirs: [missing, builtin], logger: () => {} });
    await catalog.scan();
    expect(catalog.errors()).toEqual([expect.any(IntegrationDirError)]);
    expect(catalog.domains()).toEqual(['demo_light', 'weather_station']);
  });

  test('a manifest whose domain differs from its directory is refused', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'lamp'));
    writeFileSync(join(root, 'lamp', 'manifest.json'), '{"domain": "other", "name": "Lamp"}');
    mkdirSync(join(root, 'garbled'));
    writeFileSync(join(root, 'garbled', 'manifest.json'), '{"domain": "garbled", "na');
    const catalog = new IntegrationCatalog({ builtInDirs: [root], logger: () => {} });
    await catalog.scan();
    expect(catalog.domains()).toEqual([]);
    expect(catalog.errors().map((error) => (error as ManifestError).field)).toEqual(['', 'domain']);
  });

  test('of two built-in directories with the same domain the first listed wins', async () => {
    const first = tempDir();
    const second = tempDir();
    for (const [root, name] of [
      [first, 'First'],
      [second, 'Second'],
    ] as const) {
      mkdirSync(join(root, 'dup'));
      writeFileSync(join(root, 'dup', 'manifest.json'), JSON.stringify({ domain: 'dup', name }));
    }
    const catalog = new IntegrationCatalog({ builtInDirs: [first, second], logger: () => {} });
    await catalog.scan();
    expect(catalog.get('dup')?.manifest.name).toBe('First');
    expect(catalog.errors()).toEqual([expect.any(IntegrationConflictError)]);
  });

  test('a rescan sees integrations added since, and fresh titles', async () => {
    const root = tempDir();
    const catalog = new IntegrationCatalog({ builtInDirs: [root], logger: () => {} });
    expect(await catalog.list('en')).toEqual([]);
    mkdirSync(join(root, 'late', 'translations'), { recursive: true });
    writeFileSync(join(root, 'late', 'manifest.json'), '{"domain": "late", "name": "Late"}');
    expect(await catalog.list('en')).toEqual([]);
    await catalog.scan();
    expect((await catalog.list('en')).map((entry) => entry.title)).toEqual(['Late']);
    writeFileSync(join(root, 'late', 'translations', 'en.json'), '{"title": "Late arrival"}');
    await catalog.scan();
    expect((await catalog.list('en')).map((entry) => entry.title)).toEqual(['Late arrival']);
  });

  test('titles can come from translations given by the embedder', async () => {
    let catalog: IntegrationCatalog | undefined;
    const translations = new Translations({
      resolveDir: (domain) => catalog?.get(domain)?.dir,
      manifests: (domain) => catalog?.get(domain)?.manifest,
      providers: [{ get: async () => ({ weather_station: { title: 'Sky watcher' } }) }],
      logger: () => {},
    });
    catalog = new IntegrationCatalog({ builtInDirs: [builtin], translations, logger: () => {} });
    expect((await catalog.list('en')).map((entry) => entry.title)).toEqual(['Demo Light', 'Sky watcher']);
  });
});
