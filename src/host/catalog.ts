/**
 * The integrations this host can set up: every subdirectory with a `manifest.json`
 * in the built-in and custom integration directories, and the package of every
 * pinned tarball that verifies (`tarball-source.ts`). Only manifests are read —
 * no integration code is imported here — so a broken or hostile integration cannot
 * run anything by being listed. What cannot be used (broken manifests, tarballs
 * that fail their integrity) is collected in `errors()`.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CorralError,
  IntegrationConflictError,
  IntegrationDirError,
  IntegrationLinkError,
  ManifestError,
} from '../errors.js';
import { consoleLogger, type Logger } from '../logger.js';
import { checkIntegrationLinks } from './integration-links.js';
import { DEFAULT_INTEGRATION_TYPE, type IntegrationType, type Manifest, parseManifest } from './manifest.js';
import { type TarballPin, TarballSourceError, unpackTarball } from './tarball-source.js';
import { Translations } from './translations.js';

/** An integration found on disk. */
export interface Integration {
  readonly domain: string;
  readonly manifest: Manifest;
  /** Shipped with the host (from `builtInDirs`) rather than custom. */
  readonly builtIn: boolean;
  /** The integration's directory. */
  readonly dir: string;
  /** Set when it came from a pinned tarball: `dir` is the package unpacked below `root`. */
  readonly tarball?: {
    readonly file: string;
    readonly integrity: string;
    /** The tarball's private directory; everything the integration may read is below it. */
    readonly root: string;
  };
}

/** One row of `list()`. */
export interface CatalogEntry {
  readonly domain: string;
  readonly name: string;
  /** Translated title, or the manifest's name. */
  readonly title: string;
  readonly integrationType: IntegrationType;
  readonly configFlow: boolean;
  readonly builtIn: boolean;
  readonly dir: string;
}

export interface IntegrationCatalogOptions {
  /** Directories of integrations shipped with the host; earlier ones win a domain. */
  readonly builtInDirs: readonly string[];
  /** Directories of custom integrations; they can never replace a built-in domain. */
  readonly customDirs?: readonly string[];
  /** Pinned package tarballs of custom integrations, after the custom directories. */
  readonly tarballs?: readonly TarballPin[];
  /** Where verified tarballs are unpacked, each into a directory of its own; required with `tarballs`. */
  readonly sourcesDir?: string;
  /** Source of translated titles; by default one reading this catalog's directories. */
  readonly translations?: Translations;
  readonly logger?: Logger;
}

export class IntegrationCatalog {
  /** The translations `list(language)` reads titles from. */
  readonly translations: Translations;
  readonly #builtInDirs: readonly string[];
  readonly #customDirs: readonly string[];
  readonly #tarballs: readonly TarballPin[];
  readonly #sourcesDir: string | undefined;
  readonly #logger: Logger;
  #integrations = new Map<string, Integration>();
  #errors: readonly CorralError[] = [];
  #scanned = false;
  #scanning: Promise<void> | undefined;

  constructor(options: IntegrationCatalogOptions) {
    this.#builtInDirs = [...options.builtInDirs];
    this.#customDirs = [...(options.customDirs ?? [])];
    this.#tarballs = [...(options.tarballs ?? [])];
    this.#sourcesDir = options.sourcesDir;
    if (this.#tarballs.length > 0 && this.#sourcesDir === undefined) {
      throw new TypeError('IntegrationCatalog: `tarballs` need a `sourcesDir` to be unpacked into');
    }
    this.#logger = options.logger ?? consoleLogger;
    this.translations =
      options.translations ??
      new Translations({
        resolveDir: (domain) => this.get(domain)?.dir,
        manifests: (domain) => this.get(domain)?.manifest,
        logger: this.#logger,
      });
  }

  /** (Re)reads every directory; until the first scan the catalog is empty. */
  scan(): Promise<void> {
    this.#scanning ??= this.#scan().finally(() => {
      this.#scanning = undefined;
    });
    return this.#scanning;
  }

  /** The integration of `domain`, as of the last scan. */
  get(domain: string): Integration | undefined {
    return this.#integrations.get(domain);
  }

  /** Every domain, as of the last scan, sorted. */
  domains(): string[] {
    return [...this.#integrations.keys()].sort();
  }

  /**
   * Every integration sorted by title. Titles come from the translations of
   * `language`; without a language they are the manifests' names. Scans first if
   * the catalog was never scanned.
   */
  async list(language?: string): Promise<CatalogEntry[]> {
    if (!this.#scanned) await this.scan();
    const integrations = [...this.#integrations.values()];
    const titles =
      language === undefined || integrations.length === 0
        ? {}
        : await this.translations.get(
            language,
            integrations.map((integration) => integration.domain),
            'title',
          );
    const collator = new Intl.Collator(language ?? 'en', { sensitivity: 'base' });
    return integrations
      .map(({ domain, manifest, builtIn, dir }) => ({
        domain,
        name: manifest.name,
        title: titles[`component.${domain}.title`] ?? manifest.name,
        integrationType: manifest.integration_type ?? DEFAULT_INTEGRATION_TYPE,
        configFlow: manifest.config_flow ?? false,
        builtIn,
        dir,
      }))
      .sort((a, b) => collator.compare(a.title, b.title) || (a.domain < b.domain ? -1 : 1));
  }

  /**
   * What the last scan could not use: broken manifests, refused duplicates, unreadable
   * directories, tarballs that failed their integrity or were refused (`TarballSourceError`).
   */
  errors(): readonly CorralError[] {
    return this.#errors;
  }

  async #scan(): Promise<void> {
    const found = new Map<string, Integration>();
    const errors: CorralError[] = [];
    const fail = (error: CorralError) => {
      errors.push(error);
      this.#logger('error', error.message);
    };
    const roots = [
      ...this.#builtInDirs.map((dir) => ({ dir, builtIn: true })),
      ...this.#customDirs.map((dir) => ({ dir, builtIn: false })),
    ];
    const place = (integration: Integration) => {
      const kept = found.get(integration.domain);
      if (!kept) {
        found.set(integration.domain, integration);
        return;
      }
      // Built-in wins: a custom integration claiming a built-in domain would be routed, trusted
      // and translated as the built-in one, and could take over its entries and stored data.
      fail(
        new IntegrationConflictError(
          integration.domain,
          origin(integration),
          origin(kept),
          kept.builtIn && !integration.builtIn
            ? 'a custom integration may not replace the built-in one'
            : 'another integration already has this domain; the first one listed wins (directories before tarballs)',
        ),
      );
    };
    for (const root of roots) {
      let names: string[];
      try {
        names = (await readdir(root.dir, { withFileTypes: true }))
          .filter((entry) => (entry.isDirectory() || entry.isSymbolicLink()) && !entry.name.startsWith('.'))
          .map((entry) => entry.name)
          .sort();
      } catch (error) {
        fail(new IntegrationDirError(root.dir, message(error), { cause: error }));
        continue;
      }
      for (const name of names) {
        const integration = await readIntegration(join(root.dir, name), name, root.builtIn).catch(
          (error: unknown) => {
            fail(
              error instanceof ManifestError || error instanceof IntegrationLinkError
                ? error
                : new ManifestError(join(root.dir, name), [{ path: [], message: message(error) }]),
            );
            return undefined;
          },
        );
        if (integration) place(integration);
      }
    }
    for (const pin of this.#tarballs) {
      const integration = await this.#readTarball(pin).catch((error: unknown) => {
        fail(
          error instanceof CorralError
            ? error
            : new TarballSourceError(pin.file, `tarball ${pin.file}: ${message(error)}`, 'tarball_source', {
                cause: error,
              }),
        );
        return undefined;
      });
      if (integration) place(integration);
    }
    this.#integrations = found;
    this.#errors = Object.freeze(errors);
    this.#scanned = true;
    this.translations.invalidate();
  }

  /** The integration in a pinned tarball, verified and unpacked (once per process) before its manifest is read. */
  async #readTarball(pin: TarballPin): Promise<Integration> {
    const unpacked = await unpackTarball(pin, this.#sourcesDir ?? '');
    const integration = await readIntegration(unpacked.dir, undefined, false);
    if (!integration) {
      throw new TarballSourceError(
        pin.file,
        `tarball ${pin.file} holds no package/manifest.json, so it is no integration`,
        'tarball_invalid',
      );
    }
    return Object.freeze({
      ...integration,
      tarball: Object.freeze({ file: pin.file, integrity: pin.integrity, root: unpacked.root }),
    });
  }
}

/** Where an integration was found, as a user would name it: its tarball, or its directory. */
function origin(integration: Integration): string {
  return integration.tarball?.file ?? integration.dir;
}

/**
 * The integration in `dir`, `undefined` when `dir` has no manifest; throws `ManifestError` when it is
 * unusable. With a `name` (a directory of a listed root), the manifest's domain must be that name.
 */
async function readIntegration(
  dir: string,
  name: string | undefined,
  builtIn: boolean,
): Promise<Integration | undefined> {
  const file = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ManifestError(file, [{ path: [], message: `cannot read it: ${message(error)}` }], {
      cause: error,
    });
  }
  const manifest = parseManifest(text, file);
  if (!builtIn) await checkIntegrationLinks(dir);
  if (name !== undefined && manifest.domain !== name) {
    throw new ManifestError(file, [
      {
        path: ['domain'],
        message: `is "${manifest.domain}" but the directory is "${name}"; they must match`,
      },
    ]);
  }
  return Object.freeze({ domain: manifest.domain, manifest, builtIn, dir });
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
