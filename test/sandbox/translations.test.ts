import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Logger } from '../../src/logger.js';
import { SandboxTranslationFiles } from '../../src/sandbox/translations.js';
import { corral } from '../../src/wire/gen/corral.js';
import { decodeJson } from '../../src/wire/json.js';
import { Msg } from '../../src/wire/protocol.js';
import { startSandbox } from './harness.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/sandbox-integrations', import.meta.url));
const Kind = corral.IntegrationSource.Kind;

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'corral-sandbox-translations-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** An integration directory holding `translations/<tag>.json` for each file given (strings as written). */
async function integrationDir(name: string, files: Record<string, unknown>): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'translations'), { recursive: true });
  for (const [tag, content] of Object.entries(files)) {
    const text = typeof content === 'string' ? content : JSON.stringify(content);
    await writeFile(join(dir, 'translations', `${tag}.json`), text);
  }
  return dir;
}

function handler(dirs: Record<string, string>) {
  const logs: { level: string; message: string }[] = [];
  const logger: Logger = (level, message) => logs.push({ level, message });
  const files = new SandboxTranslationFiles((domain) => dirs[domain], logger);
  const get = async (language: string, domains: string[], category = '') =>
    decodeJson<Record<string, Record<string, string>>>(
      (await files.get(corral.GetTranslationsRequest.create({ language, category, domains }))).strings,
    );
  return { get, logs };
}

describe('get_translations in the sandbox', () => {
  test('falls back per key along the language chain to en, flattened relative to the domain', async () => {
    const acme = await integrationDir('acme', {
      en: { title: 'Acme', config: { step: { user: { title: 'Set up', description: 'Connect it' } } } },
      pt: { title: 'Acme PT', config: { step: { user: { title: 'Configurar' } } } },
      'pt-BR': { config: { step: { user: { description: 'Conecte' } } } },
    });
    const { get } = handler({ acme });
    expect(await get('pt-br', ['acme'])).toEqual({
      acme: {
        title: 'Acme PT',
        'config.step.user.title': 'Configurar',
        'config.step.user.description': 'Conecte',
      },
    });
    expect(await get('de', ['acme'])).toEqual({
      acme: {
        title: 'Acme',
        'config.step.user.title': 'Set up',
        'config.step.user.description': 'Connect it',
      },
    });
    // A category keeps only its own keys.
    expect(await get('pt', ['acme'], 'title')).toEqual({ acme: { title: 'Acme PT' } });
  });

  test('leaves out a domain it has no directory for', async () => {
    const acme = await integrationDir('acme', { en: { title: 'Acme' } });
    const { get } = handler({ acme });
    const answer = await get('en', ['acme', 'hue']);
    expect(answer).toEqual({ acme: { title: 'Acme' } });
    expect(Object.hasOwn(answer ?? {}, 'hue')).toBe(false);
  });

  test('skips a malformed file (its keys fall back) and logs it', async () => {
    const acme = await integrationDir('acme', {
      en: { title: 'Acme', config: { step: { user: { title: 'Set up', count: 3 } } } },
      nl: '{ "title": "Acme NL", ',
    });
    const { get, logs } = handler({ acme });
    expect(await get('nl', ['acme'])).toEqual({
      acme: { title: 'Acme', 'config.step.user.title': 'Set up' },
    });
    // Most general file first, as the chain is read.
    expect(logs.map((log) => log.message)).toEqual([
      expect.stringMatching(
        /en\.json is skipped: values that are not strings were skipped: config\.step\.user\.count$/,
      ),
      expect.stringMatching(/nl\.json is skipped: not JSON/),
    ]);
  });

  test('refuses a language that is not a tag: it would pick the file name', async () => {
    const acme = await integrationDir('acme', { en: { title: 'Acme' } });
    const { get } = handler({ acme });
    await expect(get('../../etc/passwd', ['acme'])).rejects.toMatchObject({ type: 'validation_error' });
  });

  test('the runtime answers for an integration it loaded from a directory, and not before', async () => {
    const dir = await integrationDir('plain_counter', {
      en: { title: 'Counter', config: { step: { user: { title: 'Add a counter' } } } },
      nl: { title: 'Teller' },
    });
    await copyFile(join(FIXTURES, 'plain_counter', 'index.js'), join(dir, 'index.js'));
    const harness = await startSandbox();
    const ask = async (language: string) =>
      decodeJson(
        (
          await harness.host.call(Msg.GetTranslations, {
            language,
            category: '',
            domains: ['plain_counter', 'fixture'],
          })
        ).strings,
      );
    expect(await ask('nl')).toEqual({});
    expect(
      await harness.setup(
        { domain: 'plain_counter' },
        { kind: Kind.DIRECTORY, domain: 'plain_counter', path: dir },
      ),
    ).toMatchObject({ loaded: true });
    expect(await ask('nl')).toEqual({
      plain_counter: { title: 'Teller', 'config.step.user.title': 'Add a counter' },
    });
  });
});
