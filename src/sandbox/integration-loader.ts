/**
 * Loads an integration's code where the host says it lives: `<path>/index.js`, whose
 * default export is the IntegrationDefinition. Each domain is imported once per
 * process; a failed import is forgotten so a retry imports again. A tarball
 * integration arrives as the directory the host unpacked it into.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorralError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { IntegrationDefinition } from '../sdk/integration.js';
import { corral } from '../wire/gen/corral.js';

/** Where an integration's code is, as `entry_setup` and `flow_init` carry it. */
export interface IntegrationSourceRef {
  readonly kind?: corral.IntegrationSource.Kind | null;
  readonly domain?: string | null;
  readonly path?: string | null;
}

const Kind = corral.IntegrationSource.Kind;

/**
 * A source this runtime has no resolver for. A custom integration with no resolver is
 * an error, never a silent fallback to some other code of the same domain.
 */
export class UnsupportedSourceError extends CorralError {
  constructor(
    readonly domain: string,
    readonly kind: number,
  ) {
    super(
      'unsupported_source',
      kind === Kind.TARBALL
        ? `integration "${domain}" was sent as a tarball; the host verifies and unpacks tarballs itself and sends their directory, so a sandbox never unpacks one`
        : `integration "${domain}" has source kind ${kind}, which this sandbox runtime has no resolver for; it loads built-in and directory sources`,
    );
  }
}

export class IntegrationLoader {
  readonly #loaded = new Map<string, Promise<IntegrationDefinition>>();
  /** domain -> the directory it was imported from (its translations live there too). */
  readonly #dirs = new Map<string, string>();

  /** `preloaded` integrations are used as they are, never imported (tests, inline hosting). */
  constructor(preloaded: Readonly<Record<string, IntegrationDefinition>> = {}) {
    for (const [domain, definition] of Object.entries(preloaded)) {
      this.#loaded.set(domain, Promise.resolve(definition));
    }
  }

  /** The integration of `domain`, imported from `source` the first time. */
  load(domain: string, source: IntegrationSourceRef | null | undefined): Promise<IntegrationDefinition> {
    let pending = this.#loaded.get(domain);
    if (!pending) {
      pending = this.#import(domain, source);
      this.#loaded.set(domain, pending);
      pending.catch(() => this.#loaded.delete(domain));
    }
    return pending;
  }

  /** The directory `domain` was imported from; undefined until it loaded (or when preloaded as a definition). */
  dirOf(domain: string): string | undefined {
    return this.#dirs.get(domain);
  }

  /**
   * Import integration directories ahead of their first setup (a warm spare), so the
   * module cache holds them and `corral/sdk`. A failure here is only logged: the real
   * setup imports again and reports it.
   */
  async preload(dirs: readonly string[], logger: Logger): Promise<void> {
    for (const dir of dirs) {
      try {
        await import(pathToFileURL(join(dir, 'index.js')).href);
      } catch (error) {
        logger('warn', `preload of ${dir} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  async #import(
    domain: string,
    source: IntegrationSourceRef | null | undefined,
  ): Promise<IntegrationDefinition> {
    if (source?.domain && source.domain !== domain) {
      throw new CorralError(
        'integration_invalid',
        `the source of "${domain}" names another integration, "${source.domain}"`,
      );
    }
    const kind = source?.kind ?? Kind.BUILT_IN;
    if (kind !== Kind.BUILT_IN && kind !== Kind.DIRECTORY) throw new UnsupportedSourceError(domain, kind);
    if (!source?.path) {
      throw new CorralError(
        'integration_not_found',
        `the host sent no directory for integration "${domain}", and it is not loaded in this sandbox`,
      );
    }
    const file = join(source.path, 'index.js');
    let module: { default?: IntegrationDefinition };
    try {
      module = (await import(pathToFileURL(file).href)) as { default?: IntegrationDefinition };
    } catch (error) {
      throw new CorralError(
        'integration_import_failed',
        `could not import ${file}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const definition = module.default;
    if (!definition || typeof definition.setupEntry !== 'function' || definition.domain !== domain) {
      throw new CorralError(
        'integration_invalid',
        `${file} must default-export defineIntegration({ domain: "${domain}", setupEntry, ... })`,
      );
    }
    this.#dirs.set(domain, source.path);
    return definition;
  }
}
