/**
 * The inspector page in a real headless Chromium against a real `corral run`:
 * the page loads, shows the actor tree and the sandbox's statechart, and
 * highlights the sandbox's state changing after `corral demo crash`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const chromiumPath = process.env.CORRAL_CHROMIUM ?? '/usr/bin/chromium';
const GROUP = 'built-in.demo_light';
/** What `setup` gives Demo Hub's password field: the page must never show it. */
const TOKEN = 'tok-browser-7d1e59';

let dir: string;
let hub: ChildProcess;
let url: string;
/** The one-time login link `corral run` printed. */
let loginLink: string;
let browser: Browser;
let page: Page;

/** Starts `corral run`; resolves to the login link it prints once it is ready. */
function startHub(configDir: string): Promise<string> {
  hub = spawn(process.execPath, [cli, 'run', '--config', configDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let found: string | undefined;
    hub.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      found ??= /inspector: (http:\/\/\S+\/login\?once=\S+)/.exec(out)?.[1];
      if (found && /\bready\b/.test(out)) resolve(found);
    });
    hub.once('exit', (code) => reject(new Error(`corral run exited ${code}:\n${out}`)));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'corral-browser-'));
  const integrations = join(root, 'dist', 'examples', 'integrations');
  await writeFile(
    join(dir, 'corral.yaml'),
    [
      'integrations:',
      `  builtIn: [${JSON.stringify(integrations)}]`,
      'isolation: { mode: sandbox, perDomain: true }',
      'supervision: { heartbeatIntervalMs: 1000 }',
      'setup:',
      '  - domain: demo_light',
      '    steps: [{ name: Living, count: 2, area: Living Room }]',
      '  - domain: demo_hub',
      `    steps: [{ host: hub.local, port: 8080 }, { next_step_id: sensors }, { token: ${TOKEN} }]`,
    ].join('\n'),
  );
  loginLink = await startHub(dir);
  url = new URL(loginLink).origin;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  // The link logs this browser in (a session cookie) and lands on the page.
  await page.goto(loginLink);
  expect(new URL(page.url()).pathname).toBe('/');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub.once('exit', resolve));
    hub.kill('SIGINT');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
}, 30_000);

describe('logging in to the inspector page', () => {
  it('sends a browser without a session to the login page, where the token typed in lets it in', async () => {
    const fresh = await browser.newPage();
    try {
      await fresh.goto(`${url}/`);
      expect(new URL(fresh.url()).pathname).toBe('/login');
      const token = (await readFile(join(dir, '.corral', 'auth_token'), 'utf8')).trim();
      await fresh.fill('#token', token);
      await Promise.all([fresh.waitForURL(`${url}/`), fresh.click('button[type="submit"]')]);
      await fresh.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
      expect(await fresh.locator('#connection').textContent()).toContain('live');
      expect(fresh.url()).not.toContain(token);
    } finally {
      await fresh.close();
    }
  });

  it('refuses the printed login link a second time', async () => {
    const fresh = await browser.newPage();
    try {
      const response = await fresh.goto(loginLink);
      expect(response?.status()).toBe(401);
      expect(await fresh.textContent('body')).toContain('used already, or has expired');
    } finally {
      await fresh.close();
    }
  });
});

describe('inspector page in headless Chromium', () => {
  it('loads offline and shows the live actor tree', async () => {
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(url)) external.push(request.url());
    });
    await page.goto(`${url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });
    expect(await page.locator('#connection').textContent()).toContain('live');
    for (const id of ['hub', 'supervisor', `sandbox:${GROUP}`, `channel:${GROUP}`, `bridge:${GROUP}`]) {
      expect(await page.locator(`[data-actor-id="${id}"]`).count(), id).toBeGreaterThan(0);
    }
    const state = await page
      .locator(`#tree [data-actor-id="sandbox:${GROUP}"], [data-actor-id="sandbox:${GROUP}"]`)
      .first()
      .getAttribute('data-state');
    expect(state).toMatch(/^live\.running/);
    expect(await page.locator(`[data-group="${GROUP}"]`).count()).toBe(1);
    // Everything the page needs ships with the hub: no CDN, no fonts, nothing off-host.
    expect(external).toEqual([]);
  });

  it('shows the setup flow that was given a password, but never the password', async () => {
    const frames: string[] = [];
    page.on('websocket', (ws) => ws.on('framereceived', (frame) => frames.push(String(frame.payload))));
    await page.goto(`${url}/`);
    await page.waitForSelector('body[data-ready="true"]');
    await page.waitForSelector('#event-log [data-actor-id^="flow:"]', { timeout: 10_000 });
    expect(frames.join('\n')).toContain('flow:');
    expect(frames.join('\n')).not.toContain(TOKEN);
    expect(await page.content()).not.toContain(TOKEN);
  });

  it('draws the sandbox statechart from its machine and highlights the current state', async () => {
    await page.goto(`${url}/#actor=${encodeURIComponent(`sandbox:${GROUP}`)}`);
    await page.waitForSelector('body[data-ready="true"]');
    const chart = page.locator('#statechart');
    await page.waitForSelector(`#statechart[data-actor-id="sandbox:${GROUP}"]`);
    for (const id of [
      'sandbox.idle',
      'sandbox.live',
      'sandbox.crashed',
      'sandbox.backoff',
      'sandbox.failed',
    ]) {
      expect(await chart.locator(`[data-state-id="${id}"]`).count(), id).toBe(1);
    }
    await page.waitForSelector('#statechart [data-state-id="sandbox.live.running"].active');
    expect(await chart.locator('[data-state-id="sandbox.live"]').getAttribute('class')).toContain('active');
    expect(await chart.locator('[data-state-id="sandbox.crashed"]').getAttribute('class')).not.toContain(
      'active',
    );
  });

  it('highlights the sandbox state changing after `corral demo crash`, then running again', async () => {
    // Record every state the tree node and the statechart show, so transient states are not missed.
    await page.evaluate((group) => {
      const seen: string[] = [];
      const leaves: string[] = [];
      (window as unknown as { __seen: string[]; __leaves: string[] }).__seen = seen;
      (window as unknown as { __seen: string[]; __leaves: string[] }).__leaves = leaves;
      new MutationObserver(() => {
        const node = document.querySelector(`[data-actor-id="sandbox:${group}"][data-state]`);
        const state = node?.getAttribute('data-state');
        if (state && seen[seen.length - 1] !== state) seen.push(state);
        for (const leaf of document.querySelectorAll('#statechart .active-leaf')) {
          const id = leaf.getAttribute('data-state-id') ?? '';
          if (leaves[leaves.length - 1] !== id) leaves.push(id);
        }
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    }, GROUP);
    const pidBefore = await page.locator(`[data-group="${GROUP}"]`).textContent();

    const { stdout } = await promisify(execFile)(process.execPath, [
      cli,
      '--url',
      url,
      '--config',
      dir,
      'demo',
      'crash',
      GROUP,
    ]);
    expect(stdout).toContain(`killed sandbox ${GROUP}`);

    await page.waitForFunction(
      () => {
        const seen = (window as unknown as { __seen: string[] }).__seen;
        return (
          seen.some((s) => !s.startsWith('live.running')) && seen[seen.length - 1]?.startsWith('live.running')
        );
      },
      undefined,
      { timeout: 20_000 },
    );
    const seen = await page.evaluate(() => (window as unknown as { __seen: string[] }).__seen);
    const leaves = await page.evaluate(() => (window as unknown as { __leaves: string[] }).__leaves);
    expect(seen.some((s) => /reaping|crashed|starting|backoff/.test(s))).toBe(true);
    expect(leaves.some((id) => !id.startsWith('sandbox.live.running'))).toBe(true);
    expect(leaves[leaves.length - 1]).toMatch(/^sandbox\.live\.running/);

    // The event log shows the sandbox's transitions; the groups panel counts the restart.
    const rows = page.locator(`#event-log [data-actor-id="sandbox:${GROUP}"][data-kind="transition"]`);
    expect(await rows.count()).toBeGreaterThan(0);
    await page.waitForFunction(
      (group) =>
        /(^|\D)1\s*\/\s*3(\D|$)/.test(document.querySelector(`[data-group="${group}"]`)?.textContent ?? ''),
      GROUP,
      { timeout: 10_000 },
    );
    expect(await page.locator(`[data-group="${GROUP}"]`).textContent()).not.toBe(pidBefore);
  });
});
