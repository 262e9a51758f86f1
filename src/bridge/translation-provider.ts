/**
 * UI strings of a sandboxed integration, pulled from its sandbox: the strings
 * live in the integration's own files, which only the sandbox reads. One
 * `get_translations` call per request and language, for the requested domains
 * this group runs; the answer is narrowed to requested ∩ returned
 * (`narrowTranslations`) and cached per (language, domain) until
 * `invalidate(domain)`. A sandbox that does not answer in time (or is down)
 * degrades to no strings, uncached, so the next request asks again; so does a
 * domain the answer leaves out. Concurrent requests are coalesced upstream: the
 * hub's translations share each (language, domain) request while it is in flight.
 */
import type { TranslationProvider } from '../host/translations.js';
import type { Logger } from '../logger.js';
import type { Channel } from '../wire/channel.js';
import { decodeRemote } from './entity-proxy.js';
import { narrowTranslations } from './gates.js';

type Strings = Record<string, string>;

export interface SandboxTranslationsDeps {
  readonly channel: Channel;
  /** The integration domains this group runs (host state); only these are asked for. */
  readonly domains: () => ReadonlySet<string>;
  readonly timeoutMs: number;
  readonly logger: Logger;
}

export class SandboxTranslations implements TranslationProvider {
  /** language -> domain -> strings. */
  readonly #cache = new Map<string, Map<string, Strings>>();
  /** Bumped by `invalidate`, so an answer that was on its way is not cached over it. */
  #generation = 0;

  constructor(private readonly deps: SandboxTranslationsDeps) {}

  async get(language: string, domains: readonly string[]): Promise<Record<string, Strings>> {
    const own = this.deps.domains();
    const cached = this.#cache.get(language);
    const out: Record<string, Strings> = {};
    const missing: string[] = [];
    for (const domain of new Set(domains)) {
      if (!own.has(domain)) continue;
      const strings = cached?.get(domain);
      if (strings === undefined) missing.push(domain);
      else if (Object.keys(strings).length > 0) out[domain] = strings;
    }
    if (missing.length > 0) Object.assign(out, await this.#fetch(language, missing));
    return out;
  }

  /** Forget cached strings of `domain` (all when absent): the integration's source changed. */
  invalidate(domain?: string): void {
    // Stryker disable next-line UpdateOperator: any change of the generation marks an answer on its way as stale; the direction does not matter
    this.#generation++;
    if (domain === undefined) this.#cache.clear();
    else for (const byDomain of this.#cache.values()) byDomain.delete(domain);
  }

  /** One call for `domains`, narrowed to them; no strings when the sandbox does not answer usefully. */
  async #fetch(language: string, domains: string[]): Promise<Record<string, Strings>> {
    const generation = this.#generation;
    let returned: unknown;
    try {
      const result = await this.deps.channel.call(
        'get_translations',
        { language, category: '', domains },
        { timeoutMs: this.deps.timeoutMs },
      );
      returned = decodeRemote(result.strings, 'translations');
    } catch (error) {
      this.deps.logger(
        'warn',
        `no translations from the sandbox for ${domains.join(', ')}: ${(error as Error).message}`,
      );
      return {};
    }
    const narrowed = narrowTranslations(domains, returned);
    if (generation === this.#generation) {
      let byDomain = this.#cache.get(language);
      if (!byDomain) {
        byDomain = new Map();
        this.#cache.set(language, byDomain);
      }
      // Only what came back: a domain the sandbox left out has not been loaded there yet (a
      // respawned runtime before its entries are set up again), so it is asked for next time.
      for (const [domain, strings] of Object.entries(narrowed)) byDomain.set(domain, strings);
    }
    return narrowed;
  }
}
