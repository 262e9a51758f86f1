/**
 * A real writer process killed with SIGKILL at random moments: the key's file is
 * always a complete envelope holding one of the values written, and the temp file
 * a killed write leaves behind is swept by the next writer. Needs the built module
 * (`npm run build`, which `npm test` runs first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FileStoreBackend } from '../../src/host/store.js';
import { sleep, within } from '../support/async.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const writerScript = join(root, 'test', 'fixtures', 'store-writer.mjs');
const builtStore = join(root, 'dist', 'src', 'host', 'store.js');
const KEY = 'crash.test';
const KILLS = 6;

/** Same as `expectedPayload` in the fixture: value i is this string and nothing else. */
function expectedPayload(i: number): string {
  const length = Math.min(2 * 1024 * 1024, 16 * 1024 * (1 + (i % 128)));
  return String.fromCharCode(97 + (i % 26)).repeat(length);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'corral-store-crash-'));
  const sources = [
    'src/host/store.ts',
    'src/errors.ts',
    'src/policy.ts',
    'src/logger.ts',
    'src/machines/clock.ts',
  ];
  const stale = !existsSync(builtStore)
    ? 'it does not exist'
    : sources.some((source) => statSync(join(root, source)).mtimeMs > statSync(builtStore).mtimeMs)
      ? 'it is older than its sources'
      : undefined;
  if (stale) throw new Error(`${builtStore} is unusable (${stale}): run \`npm run build\` first`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startWriter(): { child: ChildProcess; ready: Promise<number>; exited: Promise<void> } {
  const child = spawn(process.execPath, [writerScript, dir, KEY], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /ready (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`writer exited (${code}) before its first write: ${stderr}`)),
    );
  });
  return { child, ready, exited };
}

function readEnvelope(): { i: number; payload: string } {
  const envelope = JSON.parse(readFileSync(join(dir, KEY), 'utf8')) as {
    version: number;
    minor_version: number;
    key: string;
    data: { i: number; payload: string };
  };
  expect(envelope).toMatchObject({ version: 1, minor_version: 1, key: KEY });
  return envelope.data;
}

const tempFiles = () => readdirSync(dir).filter((name) => name.startsWith('.') && name.endsWith('.tmp'));

test('a writer killed at random moments never leaves a torn or partial file at the key', async () => {
  let lastSeen = -1;
  for (let kill = 0; kill < KILLS; kill++) {
    const writer = startWriter();
    const first = await within(5_000, writer.ready, 'writer start');
    // Each writer continues from the stored value, so what it read was complete and current.
    expect(first).toBe(lastSeen + 1);
    await sleep(5 + Math.floor(Math.random() * 60));
    writer.child.kill('SIGKILL');
    await within(5_000, writer.exited, 'writer exit');

    const data = readEnvelope();
    expect(Number.isInteger(data.i)).toBe(true);
    expect(data.i).toBeGreaterThanOrEqual(Math.max(first, lastSeen));
    expect(data.payload === expectedPayload(data.i)).toBe(true);
    lastSeen = data.i;
    // The killed write's temp file at most; the next writer sweeps it before writing.
    expect(tempFiles().length).toBeLessThanOrEqual(1);
    expect(readdirSync(dir).filter((name) => name.includes('~corrupt'))).toEqual([]);
  }
  // A fresh backend in this process sweeps what the last killed writer left.
  expect(await new FileStoreBackend(dir).keys()).toEqual([KEY]);
  expect(tempFiles()).toEqual([]);
});
