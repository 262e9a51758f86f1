/**
 * `corral run --config DIR`: find the one config file in DIR, parse it with
 * source positions, validate it, and resolve its paths against DIR. Every
 * problem comes back at once, each at its line and column.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { CorralError } from '../errors.js';
import { type ConfigIssue, formatIssue, schemaIssues, syntaxIssues } from './issues.js';
import { type CorralConfig, type CorralConfigFile, corralConfigSchema } from './schema.js';

export type { ConfigIssue } from './issues.js';

/** The names a config file may have, exactly one of which a config directory holds. */
export const CONFIG_FILE_NAMES = ['corral.yaml', 'corral.yml', 'corral.json'] as const;

/** Bounds how far aliases may expand, so a small file cannot become a huge value. */
const MAX_ALIAS_COUNT = 100;

/** A config that cannot be used; `issues` lists every problem, each at its place in the file. */
export class ConfigError extends CorralError {
  constructor(
    message: string,
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    super('config_invalid', message, options);
  }
}

/** The config in `dir`: `corral.yaml`, `corral.yml` or `corral.json`. Throws `ConfigError`. */
export async function loadConfig(dir: string): Promise<CorralConfig> {
  const file = await findConfigFile(resolve(dir));
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw wholeFileError(file, `${file} cannot be read: ${reasonOf(error)}`, error);
  }
  return parseConfig(source, file);
}

/** The config in `source`, as if read from `file`: JSON parses too, it is YAML 1.2 flow syntax. */
export function parseConfig(source: string, file: string): CorralConfig {
  const path = resolve(file);
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) throw invalid(path, syntaxIssues(path, doc, lineCounter, doc.errors));

  let data: unknown;
  try {
    // An empty file (or only comments) is a config of defaults.
    data = doc.contents === null ? {} : doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw invalid(path, [{ file: path, line: 1, column: 1, key: '', message: reasonOf(error) }], error);
  }
  const result = corralConfigSchema.safeParse(data, { reportInput: true });
  if (!result.success) throw invalid(path, schemaIssues(path, doc, lineCounter, result.error.issues));
  return resolvePaths(result.data, path);
}

async function findConfigFile(dir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : reasonOf(error);
    throw wholeFileError(dir, `config directory ${dir} ${reason}`, error);
  }
  const found = CONFIG_FILE_NAMES.filter((name) => names.includes(name));
  const [only, ...more] = found;
  if (only === undefined) throw wholeFileError(dir, `no corral.yaml, corral.yml or corral.json in ${dir}`);
  if (more.length > 0) {
    throw wholeFileError(
      dir,
      `${dir} holds ${found.join(' and ')}; keep exactly one, so it is clear which config is used`,
    );
  }
  return resolve(dir, only);
}

function resolvePaths(config: CorralConfigFile, file: string): CorralConfig {
  const dir = dirname(file);
  const fromDir = (path: string) => resolve(dir, path);
  const { builtIn, custom, tarballs } = config.integrations;
  return {
    ...config,
    file,
    dir,
    dataDir: fromDir(config.dataDir ?? '.'),
    integrations: {
      builtIn: builtIn.map(fromDir),
      custom: custom.map(fromDir),
      tarballs: tarballs.map((tarball) => ({ ...tarball, file: fromDir(tarball.file) })),
    },
  };
}

function invalid(file: string, issues: readonly ConfigIssue[], cause?: unknown): ConfigError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  const lines = issues.map(formatIssue).join('\n');
  const message = `${file} is not a valid Corral config (${count}):\n${lines}`;
  return new ConfigError(message, issues, cause === undefined ? undefined : { cause });
}

function wholeFileError(file: string, message: string, cause?: unknown): ConfigError {
  const issues = [{ file, line: 0, column: 0, key: '', message }];
  return new ConfigError(message, issues, cause === undefined ? undefined : { cause });
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
