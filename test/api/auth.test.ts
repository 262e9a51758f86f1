import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ApiAuth } from '../../src/api/auth.js';
import { loadOrCreateToken, readTokenFile, tokenFileOf } from '../../src/api/token-file.js';
import type { Logger } from '../../src/logger.js';

const TOKEN = 'test-token-YXV0aC11bml0LXRlc3QtdG9rZW4';

describe('one-time login codes', () => {
  test('a code expires after its TTL, unused', () => {
    let now = 1_000;
    const auth = new ApiAuth({ token: TOKEN, loginCodeTtlMs: 5 * 60_000, now: () => now });
    const code = auth.issueLoginCode();
    now += 5 * 60_000;
    expect(auth.redeemLoginCode(code)).toBeUndefined();
  });

  test('a code is good until just before its TTL, and once', () => {
    let now = 1_000;
    const auth = new ApiAuth({ token: TOKEN, loginCodeTtlMs: 5 * 60_000, now: () => now });
    const code = auth.issueLoginCode();
    now += 5 * 60_000 - 1;
    const session = auth.redeemLoginCode(code);
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.redeemLoginCode(code)).toBeUndefined();
    expect(auth.isAuthorized({ cookie: `other=1; corral_session=${session}` })).toBe(true);
  });

  test('at most 16 codes wait at once: the oldest is dropped first', () => {
    const auth = new ApiAuth({ token: TOKEN });
    const codes = Array.from({ length: 17 }, () => auth.issueLoginCode());
    expect(auth.redeemLoginCode(codes[0]!)).toBeUndefined();
    expect(auth.redeemLoginCode(codes[16]!)).toBeDefined();
  });

  test('a session id is not a token, and a token is not a session id', () => {
    const auth = new ApiAuth({ token: TOKEN });
    const session = auth.openSession();
    expect(auth.checkToken(session)).toBe(false);
    expect(auth.isAuthorized({ authorization: `Bearer ${session}` })).toBe(false);
    expect(auth.isAuthorized({ cookie: `corral_session=${TOKEN}` })).toBe(false);
  });
});

describe('the token file', () => {
  let dir: string;
  const warnings: string[] = [];
  const logger: Logger = (level, message) => {
    if (level === 'warn') warnings.push(message);
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'corral-token-'));
    warnings.length = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('the first load makes 256 random bits as base64url, in a 0600 file under a 0700 directory', async () => {
    const made = await loadOrCreateToken(dir, logger);
    expect(made).toMatchObject({ file: tokenFileOf(dir), created: true });
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(made.file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, '.corral')).mode & 0o777).toBe(0o700);
    expect(readFileSync(made.file, 'utf8').trim()).toBe(made.token);
    expect(warnings).toEqual([]);
  });

  test('later loads reuse it, and the CLI reads the same token', async () => {
    const first = await loadOrCreateToken(dir, logger);
    const again = await loadOrCreateToken(dir, logger);
    expect(again).toMatchObject({ token: first.token, created: false });
    expect(readTokenFile(dir)).toBe(first.token);
  });

  test('two hubs never get the same token', async () => {
    const other = await mkdtemp(join(tmpdir(), 'corral-token-'));
    try {
      expect((await loadOrCreateToken(dir, logger)).token).not.toBe(
        (await loadOrCreateToken(other, logger)).token,
      );
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  test('a token file readable by group or others is warned about', async () => {
    const { file } = await loadOrCreateToken(dir, logger);
    chmodSync(file, 0o640);
    await loadOrCreateToken(dir, logger);
    expect(warnings).toEqual([expect.stringContaining(`${file} is readable by its group (mode 640)`)]);
  });

  test('a token file that holds no token is refused, not replaced or used', async () => {
    await mkdir(join(dir, '.corral'));
    writeFileSync(tokenFileOf(dir), 'short\n', { mode: 0o600 });
    await expect(loadOrCreateToken(dir, logger)).rejects.toMatchObject({ type: 'token_file_invalid' });
    expect(readFileSync(tokenFileOf(dir), 'utf8')).toBe('short\n');
  });
});
