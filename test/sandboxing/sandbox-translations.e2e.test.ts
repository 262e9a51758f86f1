/**
 * UI strings of a sandboxed custom integration come from its sandbox process (which
 * reads its translations/), while a built-in integration's stay with the host's copy.
 * Every frame the host sends a sandbox is recorded, so a `get_translations` that
 * crossed (or did not) is seen on the wire itself.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../src/host/hub.js';
import type { SandboxRouter } from '../../src/sandboxing/sandbox-router.js';
import type { FrameInterceptor } from '../../src/wire/channel.js';
import { ProtobufCodec } from '../../src/wire/protobuf-codec.js';
import { type ExampleHub, runFlow, startExampleHub } from '../support/example-hub.js';

const TRANSLATED = fileURLToPath(new URL('../fixtures/translated-integrations', import.meta.url));

/** `translations/nl.json` over `en.json` of the lingo fixture, flattened as the hub shows them. */
const LINGO_NL = {
  'component.lingo.title': 'Lingo NL',
  'component.lingo.config.step.user.title': 'Lingo instellen',
  'component.lingo.config.step.user.description': 'Connects to the Lingo service.',
  'component.lingo.config.error.cannot_connect': 'Cannot connect.',
};

interface Asked {
  readonly group: string;
  readonly language: string;
  readonly domains: string[];
}

let example: ExampleHub | undefined;
afterEach(async () => {
  await example?.cleanup();
  example = undefined;
});

/** A hub running the examples and the lingo fixture in sandbox processes, recording every `get_translations` sent. */
async function translatedHub(): Promise<{ hub: Hub; router: () => SandboxRouter; asked: Asked[] }> {
  const asked: Asked[] = [];
  const codec = new ProtobufCodec();
  const interceptFrames =
    (group: string): FrameInterceptor =>
    (inner) => ({
      start: (sink) => inner.start(sink),
      write: (bytes) => {
        const frame = codec.decode(bytes);
        if (frame.type === 'get_translations' && 'body' in frame) {
          const { language, domains } = frame.body as { language: string; domains: string[] };
          asked.push({ group, language, domains: [...domains] });
        }
        inner.write(bytes);
      },
      close: () => inner.close(),
    });
  let router: SandboxRouter | undefined;
  example = await startExampleHub({
    isolation: 'process',
    customDirs: [TRANSLATED],
    sandboxing: { interceptFrames },
    onRouter: (made) => (router = made),
  });
  return { hub: example.hub, router: () => router!, asked };
}

async function addEntry(hub: Hub, domain: string, input: Record<string, unknown>): Promise<string> {
  const answer = await runFlow(hub, domain, [input]);
  expect(answer.type).toBe('create_entry');
  return answer.entryId!;
}

describe("a sandboxed custom integration's UI strings", () => {
  it('come from its sandbox, while a built-in integration is served from the host without a call', async () => {
    const { hub, asked } = await translatedHub();
    const lingo = await addEntry(hub, 'lingo', {});
    const lights = await addEntry(hub, 'demo_light', { name: 'Desk', count: 1, area: 'Office' });
    expect(hub.entries.get(lingo)?.sandbox).toBe('custom');
    expect(hub.entries.get(lights)?.sandbox).toBe('built-in');

    const strings = await hub.catalog.translations.get('nl', ['lingo', 'demo_light']);
    expect(
      Object.fromEntries(Object.entries(strings).filter(([key]) => key.startsWith('component.lingo.'))),
    ).toEqual(LINGO_NL);
    // The built-in one is the host's own copy of its files (no nl.json: English).
    expect(strings['component.demo_light.config.step.user.title']).toBe('Add demo lights');
    // One call, to the custom group, for the custom domain only: demo_light never crossed.
    expect(asked).toEqual([{ group: 'custom', language: 'nl', domains: ['lingo'] }]);

    // The sandbox's answer is cached host-side (in its group's provider) until the entry reloads.
    expect(await hub.catalog.translations.get('nl', ['lingo'], 'title')).toEqual({
      'component.lingo.title': 'Lingo NL',
    });
    expect(asked).toHaveLength(1);
    await hub.entries.reload(lingo);
    expect(await hub.catalog.translations.get('nl', ['lingo'], 'title')).toEqual({
      'component.lingo.title': 'Lingo NL',
    });
    expect(asked).toHaveLength(2);
  });

  it('are empty while its sandbox is not running, which is not started for them, and fetched once it runs', async () => {
    const { hub, router, asked } = await translatedHub();
    // No entry yet: the custom group never started. The title falls back to the manifest's name.
    expect(await hub.catalog.translations.get('nl', ['lingo'])).toEqual({ 'component.lingo.title': 'Lingo' });
    expect(router().supervisor.connections.pids()).toEqual([]);
    expect(asked).toEqual([]);

    await addEntry(hub, 'lingo', {});
    // The empty answer was not kept: this request asks the sandbox that now runs.
    expect(await hub.catalog.translations.get('nl', ['lingo'])).toEqual(LINGO_NL);
    expect(asked).toEqual([{ group: 'custom', language: 'nl', domains: ['lingo'] }]);
  });
});
