/**
 * The services a group registers, on the class itself (the gate each refusal names,
 * what it logs about a schema) and over the wire (names in any case, release,
 * a torn-down bridge, responses only when asked for).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CapLog } from '../../src/bridge/cap-log.js';
import { ContextCache } from '../../src/bridge/context-cache.js';
import { RemoteServices } from '../../src/bridge/remote-services.js';
import { CapExceededError, GateRefusedError } from '../../src/errors.js';
import type { LogLevel } from '../../src/logger.js';
import { encodeJson } from '../../src/wire/json.js';
import { ManualClock } from '../host/support.js';
import { GROUP, type Harness, harness } from './support.js';

let h: Harness;
let lines: { level: LogLevel; message: string }[];

afterEach(async () => {
  await h.cleanup();
});

async function services(maxServicesPerGroup = 10) {
  lines = [];
  h = await harness();
  const logger = (level: LogLevel, message: string) => lines.push({ level, message });
  const clock = new ManualClock();
  return new RemoteServices({
    group: GROUP,
    channel: h.host,
    services: h.hub.services,
    contexts: new ContextCache({}, clock),
    owned: () => new Set(['acme']),
    logger,
    caps: { maxServicesPerGroup },
    capLog: new CapLog(logger, clock, 60_000),
    settleStates: () => {},
  });
}

const thrown = (run: () => void): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing thrown');
};

describe('remote services on the class', () => {
  it('a service of a domain the group does not own is refused by canRegisterService, saying so', async () => {
    const remote = await services();
    const error = thrown(() => remote.register('hue', 'refresh', 0, null));
    expect(error).toBeInstanceOf(GateRefusedError);
    expect(error).toMatchObject({
      gate: 'canRegisterService',
      message:
        'sandbox group "built-in" runs no integration of domain "hue"; it may register services of its own domains only',
    });
  });

  it('a service another integration holds is refused by canRegisterService, named in lower case', async () => {
    const remote = await services();
    h.hub.services.register('acme', 'reset', async () => undefined);
    expect(thrown(() => remote.register('ACME', 'Reset', 0, null))).toMatchObject({
      gate: 'canRegisterService',
      message: 'service acme.reset is already registered by another integration; a sandbox never replaces it',
    });
  });

  it('a service past the cap is refused by serviceCapReached', async () => {
    const remote = await services(1);
    remote.register('acme', 'one', 0, null);
    const error = thrown(() => remote.register('acme', 'two', 0, null));
    expect(error).toBeInstanceOf(CapExceededError);
    expect(error).toMatchObject({ gate: 'serviceCapReached', limit: 1 });
  });

  it('registers under lower-case names whatever case the sandbox sends', async () => {
    const remote = await services();
    remote.register('Acme', 'ReFresh', 0, null);
    expect(remote.names).toEqual(['acme.refresh']);
    expect(h.hub.services.services('acme').map((s) => s.service)).toEqual(['refresh']);
  });

  it('a service with no schema or an empty one logs nothing and accepts any data', async () => {
    const remote = await services();
    remote.register('acme', 'a', 0, null);
    remote.register('acme', 'b', 0, new Uint8Array());
    expect(lines).toEqual([]);
    expect(h.hub.services.services('acme').map((s) => s.schema)).toEqual([undefined, undefined]);
  });

  it('a schema that is not JSON is warned about, naming the service', async () => {
    const remote = await services();
    remote.register('acme', 'odd', 0, new TextEncoder().encode('{nope'));
    expect(lines).toEqual([
      { level: 'warn', message: 'schema of acme.odd is not JSON; the sandbox validates its data' },
    ]);
  });

  it('a schema that cannot be rebuilt exactly is noted at debug level, naming the service', async () => {
    const remote = await services();
    remote.register('acme', 'tune', 0, encodeJson({ type: 'object', not: { required: ['x'] } }));
    expect(lines).toEqual([
      { level: 'debug', message: 'schema of acme.tune cannot be rebuilt exactly; the sandbox validates' },
    ]);
  });

  it('releasing all but some domains removes only the services of the others', async () => {
    const remote = await services();
    const owned = new Set(['acme', 'beta']);
    const both = new RemoteServices({
      group: GROUP,
      channel: h.host,
      services: h.hub.services,
      contexts: new ContextCache({}, new ManualClock()),
      owned: () => owned,
      logger: () => {},
      caps: { maxServicesPerGroup: 10 },
      capLog: new CapLog(() => {}, new ManualClock(), 60_000),
      settleStates: () => {},
    });
    expect(remote.names).toEqual([]);
    both.register('acme', 'one', 0, null);
    both.register('beta', 'two', 0, null);
    both.releaseExcept(new Set(['acme']));
    expect(both.names).toEqual(['acme.one']);
    expect(h.hub.services.has('acme', 'one')).toBe(true);
    expect(h.hub.services.has('beta', 'two')).toBe(false);
  });
});

describe('remote services over the wire', () => {
  it('unregistering a service the group never registered is refused, naming it in lower case', async () => {
    h = await harness();
    await expect(
      h.sandbox.call('unregister_service', { domain: 'Acme', service: 'Nope' }),
    ).rejects.toMatchObject({
      type: 'gate_refused',
      message: 'sandbox group "built-in" did not register acme.nope; it may remove only its own services',
    });
  });

  it('a service registered in one case may be unregistered in another', async () => {
    h = await harness();
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    await h.sandbox.call('unregister_service', { domain: 'ACME', service: 'Refresh' });
    expect(h.hub.services.has('acme', 'refresh')).toBe(false);
    expect(h.bridge.serviceNames).toEqual([]);
  });

  it('a torn-down bridge refuses registrations and unregistrations with channel_closed', async () => {
    h = await harness();
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh' });
    h.bridge.teardown();
    await expect(
      h.sandbox.call('register_service', { domain: 'acme', service: 'again' }),
    ).rejects.toMatchObject({ type: 'channel_closed', message: 'sandbox bridge "built-in" was torn down' });
    await expect(
      h.sandbox.call('unregister_service', { domain: 'acme', service: 'refresh' }),
    ).rejects.toMatchObject({ type: 'channel_closed' });
    expect(h.hub.services.has('acme', 'again')).toBe(false);
  });

  it('a call that does not ask for a response gets none, whatever the sandbox answers', async () => {
    h = await harness();
    h.sandbox.register('call_service', () => ({ response: encodeJson({ ok: true }) }));
    await h.sandbox.call('register_service', { domain: 'acme', service: 'refresh', supportsResponse: 1 });
    expect(await h.hub.services.call('acme', 'refresh', {})).toBeUndefined();
    expect(await h.hub.services.call('acme', 'refresh', {}, { returnResponse: true })).toEqual({ ok: true });
  });
});
