/**
 * The translations a bridge pulls from its sandbox: what it asks, what it caches per
 * language and domain, what invalidating forgets, and what it logs when the sandbox
 * does not answer usefully.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { LogLevel } from '../../src/logger.js';
import { encodeJson } from '../../src/wire/json.js';
import type { Received } from '../../src/wire/protocol.js';
import { type Harness, harness } from './support.js';

let h: Harness;
let lines: { level: LogLevel; message: string }[];
let asked: Received<'get_translations'>[];

afterEach(async () => {
  await h.cleanup();
});

/** A group running acme and beta; the sandbox answers with `answer(request)`. */
async function start(answer: (request: Received<'get_translations'>) => unknown) {
  lines = [];
  asked = [];
  h = await harness({ logger: (level, message) => lines.push({ level, message }) });
  await h.addEntry('beta');
  h.sandbox.register('get_translations', (request) => {
    asked.push(request);
    return { strings: encodeJson(answer(request)) };
  });
}

const titles = (request: Received<'get_translations'>) =>
  Object.fromEntries(request.domains.map((domain) => [domain, { title: `${domain} ${request.language}` }]));

describe('translations from the sandbox', () => {
  it('asks for the requested domains with no category', async () => {
    await start(titles);
    await h.bridge.translations.get('en', ['acme']);
    expect(
      asked.map(({ language, category, domains }) => ({ language, category, domains: [...domains] })),
    ).toEqual([{ language: 'en', category: '', domains: ['acme'] }]);
  });

  it('caches each domain of a language separately, so a second domain does not evict the first', async () => {
    await start(titles);
    await h.bridge.translations.get('en', ['acme']);
    await h.bridge.translations.get('en', ['beta']);
    expect(await h.bridge.translations.get('en', ['acme', 'beta'])).toEqual({
      acme: { title: 'acme en' },
      beta: { title: 'beta en' },
    });
    expect(asked).toHaveLength(2);
  });

  it('a domain answered with no strings is cached and left out of the answer', async () => {
    await start(() => ({ acme: {} }));
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({ acme: {} });
    expect(await h.bridge.translations.get('en', ['acme'])).toEqual({});
    expect(asked).toHaveLength(1);
  });

  it('invalidating one domain forgets it in every language and keeps the others', async () => {
    await start(titles);
    await h.bridge.translations.get('en', ['acme', 'beta']);
    await h.bridge.translations.get('de', ['acme']);
    h.bridge.translations.invalidate('acme');
    await h.bridge.translations.get('en', ['acme', 'beta']);
    await h.bridge.translations.get('de', ['acme']);
    expect(asked.map((request) => [request.language, ...request.domains])).toEqual([
      ['en', 'acme', 'beta'],
      ['de', 'acme'],
      ['en', 'acme'],
      ['de', 'acme'],
    ]);
  });

  it('invalidating with no domain forgets everything', async () => {
    await start(titles);
    await h.bridge.translations.get('en', ['acme', 'beta']);
    h.bridge.translations.invalidate();
    await h.bridge.translations.get('en', ['acme', 'beta']);
    expect(asked).toHaveLength(2);
  });

  it('an answer on its way when the domain is invalidated is returned but not cached', async () => {
    await start(titles);
    const pending = h.bridge.translations.get('en', ['acme']);
    h.bridge.translations.invalidate('acme');
    expect(await pending).toEqual({ acme: { title: 'acme en' } });
    await h.bridge.translations.get('en', ['acme']);
    expect(asked).toHaveLength(2);
  });

  it('strings that are not JSON give no strings and a warning naming the domains and the cause', async () => {
    lines = [];
    asked = [];
    h = await harness({ logger: (level, message) => lines.push({ level, message }) });
    await h.addEntry('beta');
    h.sandbox.register('get_translations', () => ({ strings: new TextEncoder().encode('{nope') }));
    expect(await h.bridge.translations.get('en', ['acme', 'beta'])).toEqual({});
    const warnings = lines.filter((line) => line.level === 'warn').map((line) => line.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^no translations from the sandbox for acme, beta: the sandbox sent translations as malformed JSON: /,
    );
  });
});
