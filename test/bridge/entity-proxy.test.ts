import { describe, expect, it } from 'vitest';
import { ContextCache } from '../../src/bridge/context-cache.js';
import { EntityProxy, type ProxyRemote } from '../../src/bridge/entity-proxy.js';
import { systemClock } from '../../src/host/types.js';
import type { Channel } from '../../src/wire/channel.js';
import { encodeJson } from '../../src/wire/json.js';
import { identityFromWire, identityToWire, reportFromWire, reportToWire } from '../../src/wire/messages.js';
import { lampIdentity, lampReport } from './support.js';

const remote: ProxyRemote = {
  channel: {} as Channel,
  contexts: new ContextCache({}, systemClock),
  clock: systemClock,
  callContext: () => undefined,
  settleStates: () => {},
};

function proxy(i: number): EntityProxy {
  // Decoded from the wire, as the bridge builds them: no structure shared between proxies.
  const identity = identityFromWire(
    identityToWire(lampIdentity({ name: `Lamp ${i}`, deviceInfo: { identifiers: [['acme', `dev-${i}`]] } })),
  );
  const report = reportFromWire(
    reportToWire(lampReport({ attributes: { brightness: i % 255, color_mode: 'brightness' } })),
  );
  return new EntityProxy(
    remote,
    'entry',
    `light:${i}@entry`,
    'light',
    `lamp-${i}`,
    identity,
    report,
    `h${i}`,
  );
}

describe('the entity proxy', () => {
  it('reports unavailable with no stale attributes once its sandbox is gone, and tells its sink', () => {
    const p = proxy(1);
    const changed: unknown[] = [];
    p.attach({ stateChanged: (e) => changed.push(e), identityChanged: () => {} });
    p.setAvailable(false);
    expect(p.report()).toEqual({
      state: 'unavailable',
      attributes: {},
      capabilities: lampReport().capabilities,
    });
    expect(changed).toEqual([p]);
    p.update({ sandboxEntityId: p.sandboxEntityId, state: 'off', attributes: encodeJson({ brightness: 0 }) });
    expect(p.report()).toMatchObject({ state: 'off', attributes: { brightness: 0 } });
  });

  it('leaves its restore-state to the sandbox', () => {
    expect(proxy(1).restoreState).toBe(false);
  });

  it('ten thousand proxies stay under 10 KB each', () => {
    const before = process.memoryUsage().heapUsed;
    const proxies = Array.from({ length: 10_000 }, (_, i) => proxy(i));
    const perProxy = (process.memoryUsage().heapUsed - before) / proxies.length;
    expect(proxies).toHaveLength(10_000);
    expect(perProxy).toBeLessThan(10 * 1024);
  });
});
