/**
 * The API's authentication as an operator meets it, with real `corral run` and client
 * processes on an in-process hub (no sandboxes, so each start is quick). Uses dist/:
 * run `npm run build` first.
 */
import { chmodSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { corral, hubToken, killAll, type RunningCorral, startRun } from './support.js';

const INLINE = 'isolation:\n  mode: inline\napi:\n  port: 0\n';

async function inlineConfig(extra = ''): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'corral-auth-'));
  await writeFile(join(dir, 'corral.yaml'), `${INLINE}${extra}`);
  return dir;
}

describe('a hub with authentication on (the default)', () => {
  let dir: string;
  let run: RunningCorral;
  let url: string;
  let loginLink: string;

  beforeAll(async () => {
    dir = await inlineConfig();
    run = startRun(dir);
    const [, link] = await run.waitFor(/inspector: (\S+)/);
    loginLink = link!;
    url = new URL(loginLink).origin;
    await run.waitFor(/ms {2}ready$/m);
  });

  afterAll(async () => {
    if (run) killAll([run.pid]);
    await rm(dir, { recursive: true, force: true });
  });

  test('the first start makes a token of at least 128 bits in a file only its user can read', () => {
    const file = join(dir, '.corral', 'auth_token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(hubToken(dir)).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits, base64url
    expect(run.stdout).toContain(`token: ${file}`);
  });

  test('the token appears nowhere in the output; the page gets a one-time login link instead', () => {
    expect(run.stdout).not.toContain(hubToken(dir));
    expect(run.stderr).not.toContain(hubToken(dir));
    expect(loginLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/login\?once=[A-Za-z0-9_-]{43}$/);
  });

  test('the printed login link logs a browser in once', async () => {
    const first = await fetch(loginLink, { redirect: 'manual' });
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${url}/api/status`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(loginLink, { redirect: 'manual' })).status).toBe(401);
  });

  test('a client command finds the token through --config', async () => {
    const result = await corral(['--url', url, '--config', dir, 'status']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^hub pid \d+/);
  });

  test('a client command takes the token from CORRAL_TOKEN', async () => {
    const result = await corral(['--url', url, 'entries'], undefined, 20_000, {
      CORRAL_TOKEN: hubToken(dir),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ENTRY\s+DOMAIN/);
  });

  test('a client command without the right token exits 1, saying where the token is', async () => {
    const result = await corral(['--url', url, 'status'], undefined, 20_000, {
      CORRAL_TOKEN: 'not-the-token',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('corral: unauthorized:');
    expect(result.stderr).toContain('--config <dir>');
    expect(result.stderr).toContain('CORRAL_TOKEN');
  });

  test('there is no --token flag: a command line is readable by every user', async () => {
    const result = await corral(['--url', url, '--token', hubToken(dir), 'status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("unknown option '--token'");
  });

  test('the next start reuses the token file', async () => {
    const before = hubToken(dir);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    run = startRun(dir);
    await run.waitFor(/ms {2}ready$/m);
    expect(hubToken(dir)).toBe(before);
  });
});

describe('files that hold the token', () => {
  const runs: RunningCorral[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    killAll(runs.splice(0).map((r) => r.pid));
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  test('a token file readable by others is warned about at start', async () => {
    const dir = await inlineConfig();
    dirs.push(dir);
    await mkdir(join(dir, '.corral'));
    const file = join(dir, '.corral', 'auth_token');
    await writeFile(file, 'dGhpcy1pcy1hLWxvbmctZW5vdWdoLXRva2VuLWZvci10ZXN0cw\n');
    chmodSync(file, 0o644);
    const run = startRun(dir);
    runs.push(run);
    await run.waitFor(/ms {2}ready$/m);
    expect(run.stderr).toContain(`warn: the API token file ${file} is readable by every user (mode 644)`);
    expect(run.stderr).toContain(`chmod 600 ${file}`);
  });

  test('a corral.yaml holding api.token and readable by its group is warned about at start', async () => {
    const dir = await inlineConfig('  token: q7Zr2Lm9Xw4Tb8Nc1Vd6Hs3Kf5Gj0PaE\n');
    dirs.push(dir);
    chmodSync(join(dir, 'corral.yaml'), 0o640);
    const run = startRun(dir);
    runs.push(run);
    await run.waitFor(/ms {2}ready$/m);
    expect(run.stderr).toMatch(/warn: the config file .*corral\.yaml is readable by its group \(mode 640\)/);
    expect(run.stdout).toContain('token: api.token in');
  });

  test('a weak api.token stops corral run before anything starts, without echoing it', async () => {
    const dir = await inlineConfig(`  token: "${'a'.repeat(40)}"\n`);
    dirs.push(dir);
    const result = await corral(['run', '--config', dir, '--port', '0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('api.token: too predictable');
    expect(result.stderr).not.toContain('a'.repeat(40));
    expect(result.stdout).not.toContain('ready');
  });
});

describe('corral run --no-auth', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await inlineConfig();
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('serves the API without a token, with a loud warning', async () => {
    const run = startRun(dir, ['--no-auth']);
    try {
      const [, url] = await run.waitFor(/inspector: (http:\/\/127\.0\.0\.1:\d+)\/$/m);
      await run.waitFor(/ms {2}ready$/m);
      expect(run.stderr).toContain('warn: API AUTHENTICATION IS OFF');
      expect((await fetch(`${url}/api/status`)).status).toBe(200);
    } finally {
      killAll([run.pid]);
    }
  });

  test('is refused on a non-loopback bind, before the API listens', async () => {
    const result = await corral(['run', '--config', dir, '--port', '0', '--no-auth', '--host', '0.0.0.0']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'corral: config_invalid: the API cannot run without authentication on 0.0.0.0',
    );
    expect(result.stdout).not.toContain('inspector:');
  });

  test('api.auth: false on a non-loopback host is refused by the config check', async () => {
    const open = await inlineConfig('  host: 0.0.0.0\n  auth: false\n');
    try {
      const result = await corral(['run', '--config', open, '--port', '0']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('api.auth: auth: false is only allowed on loopback');
    } finally {
      await rm(open, { recursive: true, force: true });
    }
  });
});
