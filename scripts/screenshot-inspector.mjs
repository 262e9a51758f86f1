// Writes docs/inspector.png: the demo hub in headless Chromium, a sandbox
// selected, right after `corral demo crash` brought it back.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const dir = mkdtempSync(join(tmpdir(), 'corral-shot-'));
const config = readFileSync(join(root, 'examples', 'config', 'corral.yaml'), 'utf8').replace(
  '../../dist/examples/integrations',
  join(root, 'dist', 'examples', 'integrations'),
);
writeFileSync(join(dir, 'corral.yaml'), config);
const hub = spawn(process.execPath, [cli, 'run', '--config', dir, '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
// The one-time login link corral run prints: it gives the browser a session cookie.
const loginLink = await new Promise((resolve) => {
  let out = '';
  hub.stdout.on('data', (chunk) => {
    out += chunk;
    const found = /inspector: (http:\/\/\S+\/login\?once=\S+)/.exec(out)?.[1];
    if (found && /\bready\b/.test(out)) resolve(found);
  });
});
const url = new URL(loginLink).origin;
const browser = await chromium.launch({
  executablePath: process.env.CORRAL_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(loginLink);
  await page.goto(`${url}/#actor=${encodeURIComponent('sandbox:built-in.demo_light')}`);
  await page.waitForSelector('body[data-ready="true"]');
  execFileSync(process.execPath, [
    cli,
    '--url',
    url,
    '--config',
    dir,
    'demo',
    'crash',
    'built-in.demo_light',
  ]);
  await page.waitForSelector('#statechart [data-state-id="sandbox.live.running.waiting"].active-leaf', {
    timeout: 20_000,
  });
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(root, 'docs', 'inspector.png') });
  console.log('wrote docs/inspector.png');
} finally {
  await browser.close();
  hub.kill('SIGINT');
  await new Promise((resolve) => hub.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
