/**
 * One entity proxy against a recording sandbox end: what it reports, when its
 * report version moves and its sink hears, the state length bound, and what its
 * services, batches and queries send and give back.
 */
import { describe, expect, it } from 'vitest';
import { ContextCache } from '../../src/bridge/context-cache.js';
import { EntityProxy, type ProxyRemote } from '../../src/bridge/entity-proxy.js';
import { ProtocolError } from '../../src/errors.js';
import { createContext } from '../../src/host/context.js';
import type { Context } from '../../src/host/types.js';
import type { SdkEntity } from '../../src/sdk/types.js';
import type { Channel } from '../../src/wire/channel.js';
import { decodeJson, encodeJson } from '../../src/wire/json.js';
import { ManualClock } from '../host/support.js';
import { lampIdentity, lampReport } from './support.js';

interface Sent {
  readonly method: string;
  readonly request: Record<string, unknown>;
}

function setup(answer: (method: string, request: Record<string, unknown>) => unknown = () => ({})) {
  const sent: Sent[] = [];
  let settled = 0;
  const clock = new ManualClock();
  const channel = {
    call: async (method: string, request: Record<string, unknown>) => {
      sent.push({ method, request });
      return answer(method, request);
    },
  } as unknown as Channel;
  const remote: ProxyRemote = {
    channel,
    contexts: new ContextCache({}, clock),
    clock,
    callContext: () => undefined,
    settleStates: () => {
      settled++;
    },
  };
  const make = (platform = 'light', id = 'light:a@e') =>
    new EntityProxy(remote, 'e', id, platform, 'a', lampIdentity(), lampReport(), 'hash');
  return { sent, make, remote, settled: () => settled };
}

function recordingSink() {
  const heard: { kind: string; entity: SdkEntity; context?: Context }[] = [];
  return {
    heard,
    sink: {
      stateChanged: (entity: SdkEntity, context?: Context) => heard.push({ kind: 'state', entity, context }),
      identityChanged: (entity: SdkEntity) => heard.push({ kind: 'identity', entity }),
    },
  };
}

describe('an entity proxy', () => {
  it('is attached while a sink holds it and detached after', () => {
    const proxy = setup().make();
    expect(proxy.attached).toBe(false);
    proxy.attach(recordingSink().sink);
    expect(proxy.attached).toBe(true);
    proxy.detach();
    expect(proxy.attached).toBe(false);
  });

  it('a detached proxy no longer tells the sink it had', () => {
    const proxy = setup().make();
    const { sink, heard } = recordingSink();
    proxy.attach(sink);
    proxy.detach();
    proxy.setAvailable(false);
    expect(heard).toEqual([]);
  });

  it('its last known state has the capabilities under the attributes, an attribute winning a clash', () => {
    const clock = new ManualClock();
    const remote = setup().remote;
    const proxy = new EntityProxy(
      { ...remote, clock },
      'e',
      'light:a@e',
      'light',
      'a',
      lampIdentity(),
      { state: 'on', attributes: { x: 'attribute', b: 1 }, capabilities: { x: 'capability', c: 2 } },
      'hash',
    );
    proxy.setAvailable(false);
    expect(proxy.lastKnown()).toEqual({ state: 'on', attributes: { x: 'attribute', b: 1, c: 2 } });
    expect(proxy.reported).toEqual({
      attributes: { x: 'attribute', b: 1 },
      capabilities: { x: 'capability', c: 2 },
    });
  });

  it('marking it unavailable bumps the report version once and tells the sink with the context', () => {
    const proxy = setup().make();
    const { sink, heard } = recordingSink();
    proxy.attach(sink);
    const context = createContext({}, new ManualClock());
    proxy.setAvailable(false, context);
    proxy.setAvailable(false, context);
    expect(proxy.reportVersion).toBe(1);
    expect(heard).toEqual([{ kind: 'state', entity: proxy, context }]);
    expect(proxy.available).toBe(false);
  });

  it('an unattached proxy changes availability without a sink', () => {
    const proxy = setup().make();
    proxy.setAvailable(false);
    proxy.redescribe(lampIdentity(), lampReport(), 'h2');
    proxy.update({ sandboxEntityId: 'light:a@e', state: 'off' } as never);
    expect(proxy.report().state).toBe('off');
  });

  it('a new description makes it available again, with a higher report version, and tells the sink its identity changed', () => {
    const proxy = setup().make();
    const { sink, heard } = recordingSink();
    proxy.setAvailable(false);
    proxy.attach(sink);
    proxy.redescribe(lampIdentity({ name: 'Renamed' }), lampReport({ state: 'off' }), 'h2');
    expect(proxy.available).toBe(true);
    expect(proxy.reportVersion).toBe(2);
    expect(proxy.descriptionHash).toBe('h2');
    expect(proxy.identity().name).toBe('Renamed');
    expect(proxy.report().state).toBe('off');
    expect(heard).toEqual([{ kind: 'identity', entity: proxy }]);
  });

  it('an update with no state reports unknown; a state of 255 characters is taken and one of 256 refused', () => {
    const proxy = setup().make();
    proxy.update({ sandboxEntityId: 'light:a@e', state: '' } as never);
    expect(proxy.report().state).toBe('unknown');
    proxy.update({ sandboxEntityId: 'light:a@e', state: 'x'.repeat(255) } as never);
    expect(proxy.report().state).toHaveLength(255);
    const refused = () => proxy.update({ sandboxEntityId: 'light:a@e', state: 'y'.repeat(256) } as never);
    expect(refused).toThrow(ProtocolError);
    expect(refused).toThrow('state of light:a@e is 256 characters (at most 255)');
    expect(proxy.report().state).toHaveLength(255);
  });

  it('an update with the same attributes keeps the report version, unless the proxy was unavailable', () => {
    const proxy = setup().make();
    // A delta with nothing in it leaves the attributes as they were.
    proxy.update({ sandboxEntityId: 'light:a@e', state: 'off', delta: true } as never);
    expect(proxy.reportVersion).toBe(0);
    proxy.setAvailable(false);
    proxy.update({ sandboxEntityId: 'light:a@e', state: 'on', delta: true } as never);
    expect(proxy.reportVersion).toBe(2);
    expect(proxy.available).toBe(true);
    proxy.update({ sandboxEntityId: 'light:a@e', state: 'on', attributes: encodeJson({ b: 1 }) } as never);
    expect(proxy.reportVersion).toBe(3);
  });

  it('a service call sends the domain, the target, the data and the remembered context, asks no response, and settles states', async () => {
    const { sent, make, remote, settled } = setup(() => ({
      response: encodeJson({ 'light:a@e': { done: true }, 'light:b@e': 'other' }),
    }));
    const proxy = make();
    const context = createContext({}, new ManualClock());
    expect(await proxy.handleService('turn_on', { brightness: 3 }, context)).toEqual({ done: true });
    expect(sent).toHaveLength(1);
    const request = sent[0]!.request;
    expect(sent[0]!.method).toBe('call_service');
    expect(request.domain).toBe('light');
    expect(request.service).toBe('turn_on');
    expect(decodeJson(request.target as Uint8Array)).toEqual({ entity_id: ['light:a@e'] });
    expect(decodeJson(request.data as Uint8Array)).toEqual({ brightness: 3 });
    expect(request.returnResponse).toBe(false);
    expect(remote.contexts.resolve(request.contextId as string)).toBe(context);
    expect(settled()).toBe(1);
  });

  it('a service unknown to its domain, or a domain with no spec, asks no response either', async () => {
    const { sent, make } = setup(() => ({}));
    await make().handleService('no_such_service', {});
    await make('acme_widget').handleService('poke', {});
    expect(sent.map((s) => s.request.returnResponse)).toEqual([false, false]);
  });

  it('an answer that is not an object gives every proxy no answer', async () => {
    const { make } = setup(() => ({ response: encodeJson('done') }));
    expect(await make().handleService('turn_on', {})).toBeUndefined();
  });

  it('an answer that is not JSON is the sandbox fault, named as the response of the service', async () => {
    const { make } = setup(() => ({ response: new TextEncoder().encode('{nope') }));
    await expect(make().handleService('turn_on', {})).rejects.toThrow(
      /^the sandbox sent the response of light\.turn_on as malformed JSON: /,
    );
  });

  it('proxies of one sandbox share one service batch, which targets them all in one call and answers each', async () => {
    const { sent, make } = setup(() => ({
      response: encodeJson({ 'light:a@e': 1, 'light:b@e': 2 }),
    }));
    const a = make('light', 'light:a@e');
    const b = make('light', 'light:b@e');
    expect(a.serviceBatch).toBe(b.serviceBatch);
    expect(await a.serviceBatch.run([a, b], 'turn_off', {})).toEqual([1, 2]);
    expect(sent).toHaveLength(1);
    expect(decodeJson(sent[0]!.request.target as Uint8Array)).toEqual({
      entity_id: ['light:a@e', 'light:b@e'],
    });
    expect(sent[0]!.request.domain).toBe('light');
  });

  it('an empty batch asks with no domain and answers nothing', async () => {
    const { sent, make } = setup(() => ({}));
    expect(await make().serviceBatch.run([], 'turn_off', {})).toEqual([]);
    expect(sent[0]!.request.domain).toBe('');
  });

  it('a query sends the method and arguments, settles states, and gives null for no answer', async () => {
    const { sent, make, settled } = setup((_, request) =>
      request.method === 'get_forecasts' ? { value: encodeJson([1]) } : {},
    );
    const proxy = make();
    expect(await proxy.query('get_forecasts', { type: 'daily' })).toEqual([1]);
    expect(await proxy.query('other', {})).toBeNull();
    expect(sent[0]!.request.sandboxEntityId).toBe('light:a@e');
    expect(decodeJson(sent[0]!.request.args as Uint8Array)).toEqual({ type: 'daily' });
    expect(settled()).toBe(2);
  });

  it('a query answered with malformed JSON names the method', async () => {
    const { make } = setup(() => ({ value: new TextEncoder().encode('{nope') }));
    await expect(make().query('get_forecasts', {})).rejects.toThrow(
      /^the sandbox sent the answer to get_forecasts as malformed JSON: /,
    );
  });
});
