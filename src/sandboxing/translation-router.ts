/**
 * The hub's strings of sandboxed custom integrations, from their sandboxes: a
 * non-built-in integration that runs in a sandbox group has its files read there,
 * never by the host. Each request is split by group, one `get_translations` per
 * running group and language (the group bridge's `SandboxTranslations`, which
 * narrows and caches).
 * Built-in integrations stay with the host's own copy: no round trip.
 *
 * A group that is not running gives no strings — fetching strings never starts a
 * sandbox — and the hub keeps nothing for these domains, so the next request asks
 * again.
 */
import type { IntegrationCatalog } from '../host/catalog.js';
import type { Manifest } from '../host/manifest.js';
import { MAIN_GROUP, type RoutedTranslations } from '../host/router.js';
import type { TranslationProvider } from '../host/translations.js';

type Strings = Record<string, string>;

export interface TranslationRouterDeps {
  readonly catalog: () => Pick<IntegrationCatalog, 'get'>;
  /** The group new flows of an integration go to (the router's classification). */
  readonly groupFor: (manifest: Manifest, builtIn: boolean) => string;
  /** The entries, each with the group it was routed to. */
  readonly entries: () => Iterable<{ readonly domain: string; readonly sandbox: string }>;
  /** The strings provider of `group` while its sandbox is running; undefined otherwise. */
  readonly running: (group: string) => TranslationProvider | undefined;
}

export class TranslationRouter implements RoutedTranslations {
  constructor(private readonly deps: TranslationRouterDeps) {}

  serves(domain: string): boolean {
    return this.#groups(domain).length > 0;
  }

  async get(language: string, domains: readonly string[]): Promise<Record<string, Strings>> {
    const byGroup = new Map<string, string[]>();
    for (const domain of new Set(domains)) {
      for (const group of this.#groups(domain)) {
        let wanted = byGroup.get(group);
        if (!wanted) {
          wanted = [];
          byGroup.set(group, wanted);
        }
        wanted.push(domain);
      }
    }
    const answers = await Promise.all(
      [...byGroup].map(
        async ([group, wanted]): Promise<Record<string, Strings>> =>
          (await this.deps.running(group)?.get(language, wanted)) ?? {},
      ),
    );
    const merged = new Map<string, Strings>();
    for (const answer of answers) {
      for (const [domain, strings] of Object.entries(answer)) {
        merged.set(domain, { ...(merged.get(domain) ?? {}), ...strings });
      }
    }
    // fromEntries: a domain is data, even one spelt `__proto__`.
    return Object.fromEntries(merged);
  }

  /**
   * The sandbox groups of a non-built-in `domain` — where its new flows go and where
   * its entries were routed (as `readPaths` counts them); none for built-in or
   * in-process ones.
   */
  #groups(domain: string): string[] {
    const integration = this.deps.catalog().get(domain);
    if (!integration || integration.builtIn) return [];
    const groups = new Set([this.deps.groupFor(integration.manifest, false)]);
    for (const entry of this.deps.entries()) if (entry.domain === domain) groups.add(entry.sandbox);
    groups.delete(MAIN_GROUP);
    return [...groups];
  }
}
