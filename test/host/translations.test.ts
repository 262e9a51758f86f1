import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import type { Manifest } from '../../src/host/manifest.js';
import { fallbackChain, type TranslationProvider, Translations } from '../../src/host/translations.js';
import type { Logger } from '../../src/logger.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'integrations', 'builtin');
const manifests: Record<string, Manifest> = {
  demo_light: { domain: 'demo_light', name: 'Demo Light' },
  weather_station: { domain: 'weather_station', name: 'Weather Station' },
};

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = ((level, message) => void lines.push(`${level}: ${message}`)) as Logger & {
    lines: string[];
  };
  logger.lines = lines;
  return logger;
}

function fixtureTranslations(providers: TranslationProvider[] = [], logger: Logger = () => {}) {
  return new Translations({
    resolveDir: (domain) => (domain in manifests ? join(fixtures, domain) : undefined),
    manifests: (domain) => manifests[domain],
    providers,
    logger,
  });
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An integration directory `<tmp>/<domain>` with the given translation files (raw text). */
function integrationDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'corral-translations-'));
  temps.push(dir);
  mkdirSync(join(dir, 'translations'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'translations', name), text);
  return dir;
}

function dirTranslations(dir: string, logger: Logger = () => {}) {
  return new Translations({
    resolveDir: () => dir,
    manifests: (domain) => ({ domain, name: 'From manifest' }),
    logger,
  });
}

describe('Translations', () => {
  test('strings are flattened to component.<domain>.<path> keys', async () => {
    const strings = await fixtureTranslations().get('en', ['demo_light']);
    expect(strings).toEqual({
      'component.demo_light.title': 'Demo Light',
      'component.demo_light.config.step.user.title': 'Connect to the light',
      'component.demo_light.config.step.user.data.host': 'Host',
      'component.demo_light.config.step.user.data.port': 'Port',
      'component.demo_light.config.error.cannot_connect': 'Failed to connect',
      'component.demo_light.config.abort.already_configured': 'Device is already configured',
      'component.demo_light.services.flash.name': 'Flash',
    });
  });

  test('German falls back to English per key, not per file', async () => {
    const strings = await fixtureTranslations().get('de', ['demo_light'], 'config');
    expect(strings).toEqual({
      'component.demo_light.config.step.user.title': 'Mit der Lampe verbinden',
      'component.demo_light.config.step.user.data.host': 'Adresse',
      'component.demo_light.config.step.user.data.port': 'Port',
      'component.demo_light.config.error.cannot_connect': 'Failed to connect',
      'component.demo_light.config.abort.already_configured': 'Device is already configured',
    });
  });

  test('title falls back to the manifest name when no file has one', async () => {
    const strings = await fixtureTranslations().get('en', ['weather_station'], 'title');
    expect(strings).toEqual({ 'component.weather_station.title': 'Weather Station' });
  });

  test('a category keeps only that top-level section', async () => {
    const strings = await fixtureTranslations().get('en', ['demo_light', 'weather_station'], 'title');
    expect(strings).toEqual({
      'component.demo_light.title': 'Demo Light',
      'component.weather_station.title': 'Weather Station',
    });
  });

  test('a regional language falls back to its base language, then to English', async () => {
    const dir = integrationDir({
      'en.json': '{"a": "en a", "b": "en b", "c": "en c"}',
      'pt.json': '{"a": "pt a", "b": "pt b"}',
      'pt-BR.json': '{"a": "br a"}',
    });
    expect(await dirTranslations(dir).get('pt-br', ['x'])).toEqual({
      'component.x.a': 'br a',
      'component.x.b': 'pt b',
      'component.x.c': 'en c',
      'component.x.title': 'From manifest',
    });
    expect(fallbackChain('zh-Hant-TW')).toEqual(['zh-Hant-TW', 'zh-Hant', 'zh', 'en']);
  });

  test('a domain nobody knows yields no strings', async () => {
    expect(await fixtureTranslations().get('en', ['unknown_thing'])).toEqual({});
  });

  test('provider strings overlay the files of a requested domain', async () => {
    const provider: TranslationProvider = {
      get: async (language, domains) => {
        expect([language, domains]).toEqual(['de', ['demo_light']]);
        return {
          demo_light: {
            'config.step.user.title': 'Vom Sandkasten',
            'component.demo_light.config.error.cannot_connect': 'Keine Verbindung',
          },
        };
      },
    };
    const strings = await fixtureTranslations([provider]).get('de', ['demo_light'], 'config');
    expect(strings['component.demo_light.config.step.user.title']).toBe('Vom Sandkasten');
    expect(strings['component.demo_light.config.error.cannot_connect']).toBe('Keine Verbindung');
    expect(strings['component.demo_light.config.step.user.data.host']).toBe('Adresse');
  });

  test('a provider can never supply strings for a domain that was not requested', async () => {
    // A hostile provider answers for another domain only when that domain was not asked for.
    const provider: TranslationProvider = {
      get: async (_language, domains): Promise<Record<string, Record<string, string>>> =>
        domains.includes('weather_station')
          ? {}
          : {
              demo_light: { title: 'Mine', 'component.weather_station.title': 'Hijacked via prefix' },
              weather_station: { title: 'Hijacked' },
            },
    };
    const translations = fixtureTranslations([provider]);
    expect(await translations.get('en', ['demo_light'], 'title')).toEqual({
      'component.demo_light.title': 'Mine',
    });
    expect(Object.keys(await translations.get('en', ['demo_light']))).not.toContainEqual(
      expect.stringMatching(/weather_station/),
    );
    // Nor did it slip into the cache for a later request of that domain.
    expect(await translations.get('en', ['weather_station'], 'title')).toEqual({
      'component.weather_station.title': 'Weather Station',
    });
  });

  test('results are cached per language and domain until invalidate(domain)', async () => {
    const dir = integrationDir({ 'en.json': '{"title": "One"}' });
    const translations = dirTranslations(dir);
    expect(await translations.get('en', ['x'])).toEqual({ 'component.x.title': 'One' });
    writeFileSync(join(dir, 'translations', 'en.json'), '{"title": "Two"}');
    expect(await translations.get('en', ['x'])).toEqual({ 'component.x.title': 'One' });
    translations.invalidate('other');
    expect(await translations.get('en', ['x'])).toEqual({ 'component.x.title': 'One' });
    translations.invalidate('x');
    expect(await translations.get('en', ['x'])).toEqual({ 'component.x.title': 'Two' });
  });

  test('providers are asked once per language and domain', async () => {
    const provider = { get: vi.fn(async () => ({ demo_light: { title: 'P' } })) };
    const translations = fixtureTranslations([provider]);
    await Promise.all([translations.get('en', ['demo_light']), translations.get('en', ['demo_light'])]);
    await translations.get('en', ['demo_light', 'weather_station']);
    expect(provider.get.mock.calls).toEqual([
      ['en', ['demo_light']],
      ['en', ['weather_station']],
    ]);
  });

  test('a remote domain is never read from files, and only its in-flight request is shared', async () => {
    let answers = 0;
    const provider = {
      get: vi.fn<TranslationProvider['get']>(async (_language, domains) => {
        const out: Record<string, Record<string, string>> = {};
        if (domains.includes('demo_light')) out.demo_light = { title: `Remote ${++answers}` };
        return out;
      }),
    };
    const translations = new Translations({
      resolveDir: (domain) => join(fixtures, domain),
      manifests: (domain) => manifests[domain],
      providers: [provider],
      remote: (domain) => domain === 'demo_light',
    });
    // Concurrent requests share one; the files' config strings are absent.
    const [first, second] = await Promise.all([
      translations.get('en', ['demo_light']),
      translations.get('en', ['demo_light']),
    ]);
    expect(first).toEqual({ 'component.demo_light.title': 'Remote 1' });
    expect(second).toEqual(first);
    // Not kept once delivered: the provider caches and invalidates it itself.
    expect(await translations.get('en', ['demo_light'])).toEqual({
      'component.demo_light.title': 'Remote 2',
    });
    // A local domain in the same request is still read from its files and cached.
    const mixed = await translations.get('en', ['weather_station', 'demo_light']);
    expect(Object.keys(mixed).some((key) => key.startsWith('component.weather_station.config.'))).toBe(true);
    expect(provider.get).toHaveBeenCalledTimes(3);
  });

  test('a failing provider is logged, the files still answer, and the next request asks again', async () => {
    const logger = recordingLogger();
    const provider = {
      get: vi
        .fn<TranslationProvider['get']>()
        .mockRejectedValueOnce(new Error('sandbox down'))
        .mockResolvedValue({ demo_light: { title: 'Back' } }),
    };
    const translations = fixtureTranslations([provider], logger);
    expect(await translations.get('en', ['demo_light'], 'title')).toEqual({
      'component.demo_light.title': 'Demo Light',
    });
    expect(logger.lines).toEqual([expect.stringMatching(/^warn: .*sandbox down/)]);
    expect(await translations.get('en', ['demo_light'], 'title')).toEqual({
      'component.demo_light.title': 'Back',
    });
  });

  test('a malformed translation file is logged and skipped; English strings remain', async () => {
    const logger = recordingLogger();
    const dir = integrationDir({
      'en.json': '{"title": "English", "a": "en a"}',
      'de.json': '{"title": "Deu',
    });
    expect(await dirTranslations(dir, logger).get('de', ['x'])).toEqual({
      'component.x.title': 'English',
      'component.x.a': 'en a',
    });
    expect(logger.lines).toEqual([
      expect.stringMatching(/^warn: translation file .*de\.json is skipped: not JSON/),
    ]);
  });

  test('a file that is not an object, and values that are not strings, are skipped and logged', async () => {
    const logger = recordingLogger();
    const dir = integrationDir({
      'en.json': '{"title": "T", "count": 3, "list": ["a"], "nested": {"ok": "yes", "no": null}}',
      'fr.json': '["not", "an", "object"]',
    });
    expect(await dirTranslations(dir, logger).get('fr', ['x'])).toEqual({
      'component.x.title': 'T',
      'component.x.nested.ok': 'yes',
    });
    expect(logger.lines).toHaveLength(2);
    expect(logger.lines.join('\n')).toMatch(/count, list, nested\.no/);
  });

  test.each(['../../etc/passwd', 'en/../../x', '', 'en_US', 'e'])(
    'language %j is refused, so it can never name a file outside translations/',
    async (language) => {
      await expect(fixtureTranslations().get(language, ['demo_light'])).rejects.toBeInstanceOf(
        ValidationError,
      );
    },
  );

  test('a requested domain that is not a domain is refused', async () => {
    await expect(fixtureTranslations().get('en', ['demo_light', '../x'])).rejects.toBeInstanceOf(
      ValidationError,
    );
  });
});
