/**
 * The hub's API token at rest: `<dataDir>/.corral/auth_token`, made on the first
 * start (256 random bits, base64url, mode 0600) and reused after, so the CLI on
 * the same machine and user finds it without the token ever being typed, printed
 * or passed on a command line (where `/proc/<pid>/cmdline` shows it to everyone).
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorralError } from '../errors.js';
import type { Logger } from '../logger.js';
import { randomSecret } from './auth.js';

export function tokenFileOf(dataDir: string): string {
  return join(dataDir, '.corral', 'auth_token');
}

/** A token file holds one base64url token of at least 128 bits. */
const TOKEN_TEXT = /^[A-Za-z0-9_-]{22,}$/;

/** The hub's token: read from the token file, or made and written there on the first start. */
export async function loadOrCreateToken(
  dataDir: string,
  logger: Logger,
): Promise<{ token: string; file: string; created: boolean }> {
  const file = tokenFileOf(dataDir);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    const token = randomSecret();
    await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
    // 'wx': never over a token file that appeared meanwhile; the mode holds from the first byte.
    await writeFile(file, `${token}\n`, { flag: 'wx', mode: 0o600 });
    return { token, file, created: true };
  }
  const token = text.trim();
  if (!TOKEN_TEXT.test(token)) {
    throw new CorralError(
      'token_file_invalid',
      `${file} does not hold an API token (22 or more base64url characters); delete it and start again for a new one`,
    );
  }
  warnIfExposed(file, 'the API token file', logger);
  return { token, file, created: false };
}

/** The token in `dataDir`'s token file, for the CLI; undefined when there is none. */
export function readTokenFile(dataDir: string): string | undefined {
  try {
    const token = readFileSync(tokenFileOf(dataDir), 'utf8').trim();
    return token === '' ? undefined : token;
  } catch {
    return undefined;
  }
}

/** Warns when group or others may read `file`: they could then act as the hub's owner. */
export function warnIfExposed(file: string, what: string, logger: Logger): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return;
  }
  if ((mode & 0o044) === 0) return;
  logger(
    'warn',
    `${what} ${file} is readable by ${mode & 0o004 ? 'every user' : 'its group'} (mode ${(mode & 0o777).toString(8)}), ` +
      `and it holds the key to the hub's API: chmod 600 ${file}`,
  );
}
