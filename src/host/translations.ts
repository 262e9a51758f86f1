/**
 * UI strings of integrations, from `translations/<language>.json` in each
 * integration's directory, flattened to `component.<domain>.<path>` keys.
 *
 * - Fallback is per key: a string missing from `pt-BR.json` comes from `pt.json`,
 *   then `en.json`; `title` falls back to the manifest's `name`.
 * - Providers supply strings that live elsewhere (a sandboxed integration's own
 *   files); they overlay the files, for the requested domains only.
 * - A malformed file is logged and skipped (its strings fall back); a translation
 *   problem never fails the caller.
 * - Results are cached per (language, domain) until `invalidate(domain)`, except
 *   those of `remote` domains (served by a provider that caches them itself).
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TranslationFileError, ValidationError } from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import type { Manifest } from './manifest.js';

/** Strings from somewhere other than the files, by domain; keys relative to the domain (`config.step.user.title`). */
export interface TranslationProvider {
  get(language: string, domains: readonly string[]): Promise<Record<string, Record<string, string>>>;
}

export interface TranslationsOptions {
  /** The integration directory of `domain` (holding `translations/`), if it has one here. */
  readonly resolveDir: (domain: string) => string | undefined;
  readonly manifests: (domain: string) => Manifest | undefined;
  readonly providers?: readonly TranslationProvider[];
  /**
   * Domains whose strings only providers give (a sandboxed integration: its sandbox
   * reads its files). Their files are not read here, and their strings are not kept
   * once delivered: the provider caches them and knows when they go stale.
   */
  readonly remote?: (domain: string) => boolean;
  readonly logger?: Logger;
}

export const FALLBACK_LANGUAGE = 'en';
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const DOMAIN = /^[a-z0-9_]+$/;

/** One domain's strings in one language, keys relative to the domain. */
interface DomainStrings {
  readonly strings: ReadonlyMap<string, string>;
  /** False when a provider failed: not cached, so the next request asks again. */
  readonly complete: boolean;
}

export class Translations {
  readonly #resolveDir: (domain: string) => string | undefined;
  readonly #manifests: (domain: string) => Manifest | undefined;
  readonly #providers: readonly TranslationProvider[];
  readonly #remote: (domain: string) => boolean;
  readonly #logger: Logger;
  /** domain -> language -> strings. */
  readonly #cache = new Map<string, Map<string, Promise<DomainStrings>>>();

  constructor(options: TranslationsOptions) {
    this.#resolveDir = options.resolveDir;
    this.#manifests = options.manifests;
    this.#providers = options.providers ?? [];
    this.#remote = options.remote ?? (() => false);
    this.#logger = options.logger ?? consoleLogger;
  }

  /**
   * Flattened strings of `domains` in `language` (`component.<domain>.<path>` keys),
   * limited to one top-level `category` (`title`, `config`, `options`, …) when given.
   * Throws `ValidationError` for a malformed language tag or domain.
   */
  async get(
    language: string,
    domains: readonly string[],
    category?: string,
  ): Promise<Record<string, string>> {
    const canonical = canonicalLanguage(language);
    const bad = domains.filter((domain) => typeof domain !== 'string' || !DOMAIN.test(domain));
    if (bad.length > 0) {
      throw new ValidationError(
        `not integration domains: ${bad.map((domain) => JSON.stringify(domain)).join(', ')}`,
        bad.map((domain) => ({
          path: ['domains', String(domains.indexOf(domain))],
          message: 'not a domain',
        })),
      );
    }
    const wanted = [...new Set(domains)];
    const missing = wanted.filter((domain) => !this.#cache.get(domain)?.has(canonical));
    if (missing.length > 0) {
      const batch = this.#load(canonical, missing);
      for (const domain of missing) {
        const entry = batch.then((loaded) => loaded.get(domain) ?? { strings: new Map(), complete: true });
        let byLanguage = this.#cache.get(domain);
        if (!byLanguage) {
          byLanguage = new Map();
          this.#cache.set(domain, byLanguage);
        }
        byLanguage.set(canonical, entry);
        // Kept while in flight (concurrent requests share it), dropped once settled when not cacheable.
        void entry.then((loaded) => {
          const keep = loaded.complete && !this.#remote(domain);
          if (!keep && this.#cache.get(domain)?.get(canonical) === entry) {
            this.#cache.get(domain)?.delete(canonical);
          }
        });
      }
    }
    const entries = await Promise.all(wanted.map((domain) => this.#cache.get(domain)!.get(canonical)!));
    const out: Record<string, string> = {};
    wanted.forEach((domain, index) => {
      for (const [key, text] of entries[index]!.strings) {
        if (category === undefined || key === category || key.startsWith(`${category}.`)) {
          out[`component.${domain}.${key}`] = text;
        }
      }
    });
    return out;
  }

  /** Forget cached strings of `domain` (every domain when absent): its files or provider changed. */
  invalidate(domain?: string): void {
    if (domain === undefined) this.#cache.clear();
    else this.#cache.delete(domain);
  }

  async #load(language: string, domains: readonly string[]): Promise<Map<string, DomainStrings>> {
    const [files, provided] = await Promise.all([
      Promise.all(domains.map((domain) => this.#fileStrings(language, domain))),
      this.#providerStrings(language, domains),
    ]);
    const out = new Map<string, DomainStrings>();
    domains.forEach((domain, index) => {
      const strings = new Map(files[index]);
      for (const [key, text] of provided.byDomain.get(domain) ?? []) strings.set(key, text);
      const name = this.#manifests(domain)?.name;
      if (!strings.has('title') && name !== undefined) strings.set('title', name);
      out.set(domain, { strings, complete: provided.complete });
    });
    return out;
  }

  /** The files' strings, most general language first so specific ones win per key. */
  async #fileStrings(language: string, domain: string): Promise<Map<string, string>> {
    // A domain served remotely has its files read where it runs, never here.
    if (this.#remote(domain)) return new Map();
    const dir = this.#resolveDir(domain);
    if (dir === undefined) return new Map();
    return readTranslationDir(dir, language, (error) => this.#report(error));
  }

  async #providerStrings(
    language: string,
    domains: readonly string[],
  ): Promise<{ byDomain: Map<string, Map<string, string>>; complete: boolean }> {
    const byDomain = new Map<string, Map<string, string>>();
    let complete = true;
    const requested = new Set(domains);
    for (const provider of this.#providers) {
      let result: unknown;
      try {
        result = await provider.get(language, domains);
      } catch (error) {
        complete = false;
        this.#logger('warn', `a translation provider failed for ${domains.join(', ')}: ${message(error)}`);
        continue;
      }
      if (!isObject(result)) continue;
      for (const [domain, strings] of Object.entries(result)) {
        // Gate: only requested ∩ returned domains — a provider (a sandbox) could otherwise rewrite
        // the UI text of an integration it does not run.
        if (!requested.has(domain) || !isObject(strings)) continue;
        let target = byDomain.get(domain);
        if (!target) {
          target = new Map();
          byDomain.set(domain, target);
        }
        const own = `component.${domain}.`;
        for (const [key, text] of Object.entries(strings)) {
          if (typeof text !== 'string') continue;
          const relative = key.startsWith(own) ? key.slice(own.length) : key;
          if (relative === '' || relative.startsWith('component.')) continue;
          target.set(relative, text);
        }
      }
    }
    return { byDomain, complete };
  }

  #report(error: TranslationFileError): void {
    this.#logger('warn', error.message, { file: error.file });
  }
}

/**
 * The strings of an integration directory in `language` (canonical), keys relative to
 * the domain: `translations/<tag>.json` along the fallback chain, most general first
 * so specific files win per key. Shared by the host and the sandbox runtime, so both
 * read, flatten and fall back the same way; problems go to `report`, never thrown.
 */
export async function readTranslationDir(
  dir: string,
  language: string,
  report: (error: TranslationFileError) => void,
): Promise<Map<string, string>> {
  const strings = new Map<string, string>();
  for (const tag of fallbackChain(language).reverse()) {
    for (const [key, text] of await readTranslationFile(join(dir, 'translations', `${tag}.json`), report)) {
      strings.set(key, text);
    }
  }
  return strings;
}

/** One file's strings, flattened; a missing file is empty, a malformed one is reported and empty. */
export async function readTranslationFile(
  file: string,
  report: (error: TranslationFileError) => void,
): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      report(new TranslationFileError(file, `cannot read it: ${message(error)}`, { cause: error }));
    }
    return new Map();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    report(new TranslationFileError(file, `not JSON: ${message(error)}`, { cause: error }));
    return new Map();
  }
  if (!isObject(parsed)) {
    report(new TranslationFileError(file, 'it is not a JSON object'));
    return new Map();
  }
  const strings = new Map<string, string>();
  const skipped: string[] = [];
  flatten(parsed, '', strings, skipped, 0);
  if (skipped.length > 0) {
    report(
      new TranslationFileError(
        file,
        `values that are not strings were skipped: ${skipped.slice(0, 5).join(', ')}`,
      ),
    );
  }
  return strings;
}

/** Canonical spelling of a language tag (`pt-br` -> `pt-BR`); the tag picks a file name, so it is checked. */
export function canonicalLanguage(language: string): string {
  if (typeof language === 'string' && LANGUAGE_TAG.test(language)) {
    try {
      const [canonical] = Intl.getCanonicalLocales(language);
      if (canonical) return canonical;
    } catch {}
  }
  throw new ValidationError(`not a language tag: ${JSON.stringify(language)} (use e.g. "en" or "pt-BR")`, [
    { path: ['language'], message: 'not a language tag' },
  ]);
}

/** `zh-Hant-TW` -> `zh-Hant-TW`, `zh-Hant`, `zh`, `en`. */
export function fallbackChain(language: string): string[] {
  const parts = language.split('-');
  const chain: string[] = [];
  for (let length = parts.length; length > 0; length--) chain.push(parts.slice(0, length).join('-'));
  if (!chain.includes(FALLBACK_LANGUAGE)) chain.push(FALLBACK_LANGUAGE);
  return chain;
}

const MAX_DEPTH = 32;

function flatten(
  node: Record<string, unknown>,
  prefix: string,
  out: Map<string, string>,
  skipped: string[],
  depth: number,
): void {
  for (const [key, value] of Object.entries(node)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof value === 'string') out.set(path, value);
    else if (isObject(value) && depth < MAX_DEPTH) flatten(value, path, out, skipped, depth + 1);
    else skipped.push(path);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
