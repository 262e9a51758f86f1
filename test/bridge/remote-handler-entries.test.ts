/**
 * Entry unload and update through the sandbox, on the handler itself with a recording
 * connection: what each sends, what a refusal or a failure answers, and which failures
 * count as the sandbox being unreachable.
 */
import { describe, expect, it } from 'vitest';
import type { RemoteConnection } from '../../src/bridge/remote-handler.js';
import { RemoteIntegrationHandler } from '../../src/bridge/remote-handler.js';
import { ChannelClosedError } from '../../src/errors.js';
import type { ConfigEntryData } from '../../src/sdk/types.js';

const entry = {
  entryId: 'e1',
  domain: 'acme',
  title: 'Acme',
  data: {},
  options: {},
  version: 1,
  minorVersion: 1,
  source: 'user',
  uniqueId: null,
  prefDisableNewEntities: false,
  prefDisablePolling: false,
  subentries: [],
} as unknown as ConfigEntryData;

function setup(answer: (method: string, request: unknown) => unknown, state = 'open') {
  const sent: { method: string; request: unknown }[] = [];
  const released: string[] = [];
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const connection = {
    channel: {
      state,
      call: async (method: string, request: unknown) => {
        sent.push({ method, request });
        return answer(method, request);
      },
    },
    bridge: { unloadEntry: (entryId: string) => released.push(entryId) },
  } as unknown as RemoteConnection;
  const handler = new RemoteIntegrationHandler({
    group: 'built-in',
    connect: async () => connection,
    connection: () => connection,
    source: (domain) => ({ kind: 0, domain }) as never,
    hostConfig: () => ({}) as never,
    logger: (level, message, fields) => lines.push({ level, message, fields }),
  });
  return { handler, sent, released, lines };
}

describe('entry unload and update through the sandbox', () => {
  it('an unload the sandbox refuses keeps the host state and says the domain refused', async () => {
    const { handler, sent, released } = setup(() => ({ unloaded: false }));
    expect(await handler.unloadEntry(entry)).toEqual({ unloaded: false, reason: 'acme refused to unload' });
    expect(sent).toEqual([{ method: 'entry_unload', request: { entryId: 'e1' } }]);
    expect(released).toEqual([]);
  });

  it('an unload that fails in the sandbox keeps the host state and gives its message', async () => {
    const { handler, released } = setup(() => {
      throw new Error('busy');
    });
    expect(await handler.unloadEntry(entry)).toEqual({ unloaded: false, reason: 'busy' });
    expect(released).toEqual([]);
  });

  it('an unload with the sandbox unreachable releases the host state and warns with the group', async () => {
    const { handler, released, lines } = setup(() => {
      throw new ChannelClosedError('gone');
    });
    expect(await handler.unloadEntry(entry)).toEqual({ unloaded: true });
    expect(released).toEqual(['e1']);
    expect(lines).toEqual([
      {
        level: 'warn',
        message: 'sandbox unreachable while unloading e1: gone',
        fields: { group: 'built-in' },
      },
    ]);
  });

  it('an update is sent to an open sandbox as the wire entry', async () => {
    const { handler, sent } = setup(() => ({}));
    await handler.updateEntry(entry);
    expect(sent.map((s) => s.method)).toEqual(['entry_update']);
    expect((sent[0]!.request as { entry: { entryId: string; domain: string } }).entry).toMatchObject({
      entryId: 'e1',
      domain: 'acme',
    });
  });

  it('an update is not sent to a sandbox whose channel is not open', async () => {
    const { handler, sent } = setup(() => ({}), 'closed');
    await handler.updateEntry(entry);
    expect(sent).toEqual([]);
  });

  it('an update the unreachable sandbox misses is dropped, and any other failure is thrown', async () => {
    await expect(
      setup(() => {
        throw new ChannelClosedError('gone');
      }).handler.updateEntry(entry),
    ).resolves.toBeUndefined();
    await expect(
      setup(() => {
        throw new Error('bad entry');
      }).handler.updateEntry(entry),
    ).rejects.toThrow('bad entry');
  });
});
