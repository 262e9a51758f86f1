import { describe, expect, test, vi } from 'vitest';
import {
  ServiceExistsError,
  ServiceNotFoundError,
  ServiceResponseError,
  ValidationError,
} from '../../src/errors.js';
import { createContext } from '../../src/host/context.js';
import { type ServiceCall, ServiceRegistry } from '../../src/host/service-registry.js';
import { resolveTarget } from '../../src/host/target.js';
import { hostCore, objectSchema } from './support.js';

function services() {
  const core = hostCore();
  const registry = new ServiceRegistry(
    core.bus,
    (target) => resolveTarget(target, { entities: core.entities.entries(), devices: core.devices.list() }),
    core.clock,
  );
  const calls: ServiceCall[] = [];
  const record = (call: ServiceCall) => {
    calls.push(call);
  };
  return { ...core, registry, calls, record };
}

describe('ServiceRegistry.register', () => {
  test('registering announces the service and lists it with its response mode and schema', () => {
    const { registry, record, eventsOf } = services();
    registry.register('light', 'turn_on', record, { schema: objectSchema({ brightness: 'number?' }) });
    registry.register('weather', 'get_forecasts', () => ({}), { supportsResponse: 'only' });
    expect(registry.has('light', 'turn_on')).toBe(true);
    expect(registry.has('LIGHT', 'Turn_On')).toBe(true);
    expect(registry.services()).toEqual([
      { domain: 'light', service: 'turn_on', supportsResponse: 'none', schema: { brightness: 'number?' } },
      { domain: 'weather', service: 'get_forecasts', supportsResponse: 'only' },
    ]);
    expect(eventsOf('service_registered').map((e) => e.data)).toEqual([
      { domain: 'light', service: 'turn_on' },
      { domain: 'weather', service: 'get_forecasts' },
    ]);
  });

  test('a second registration of the same service is refused unless it asks to replace', async () => {
    const { registry } = services();
    const first = vi.fn();
    const second = vi.fn();
    registry.register('light', 'turn_on', first);
    expect(() => registry.register('light', 'turn_on', second)).toThrow(ServiceExistsError);
    expect(() => registry.register('light', 'turn_on', second)).toThrow(/replace: true/);
    registry.register('light', 'turn_on', second, { replace: true });
    await registry.call('light', 'turn_on');
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
  });

  test('remove unregisters and announces it; removing again returns false', () => {
    const { registry, record, eventsOf } = services();
    registry.register('light', 'turn_on', record);
    expect(registry.remove('light', 'turn_on')).toBe(true);
    expect(registry.has('light', 'turn_on')).toBe(false);
    expect(registry.remove('light', 'turn_on')).toBe(false);
    expect(eventsOf('service_removed')).toHaveLength(1);
  });

  test('bad names, handlers or response modes are typed errors', () => {
    const { registry, record } = services();
    expect(() => registry.register('my-light', 'on', record)).toThrow(
      /domain: expected a domain like "light"/,
    );
    expect(() => registry.register('light', 'turn on', record)).toThrow(ValidationError);
    expect(() => registry.register('light', 'on', 'nope' as never)).toThrow(/must be a function/);
    expect(() => registry.register('light', 'on', record, { supportsResponse: 'always' as never })).toThrow(
      /supportsResponse/,
    );
  });
});

describe('ServiceRegistry.call', () => {
  test('the handler gets validated data, the resolved entity ids and the context', async () => {
    const { registry, calls, record, entities, clock } = services();
    entities.getOrCreate({
      domain: 'light',
      platform: 'hue',
      uniqueId: '1',
      deviceId: 'd1',
      suggestedObjectId: 'a',
    });
    registry.register('light', 'turn_on', record, { schema: objectSchema({ brightness: 'number' }) });
    const context = createContext({ userId: 'u1' }, clock);
    await registry.call('light', 'turn_on', { brightness: '128' }, { target: { device_id: 'd1' }, context });
    expect(calls[0]).toEqual({
      domain: 'light',
      service: 'turn_on',
      data: { brightness: 128 },
      entityIds: ['light.a'],
      context,
      returnResponse: false,
    });
    expect(Object.isFrozen(calls[0]?.data)).toBe(true);
  });

  test('target keys inside data merge with the target and are taken out of the data', async () => {
    const { registry, calls, record } = services();
    registry.register('light', 'turn_on', record, { schema: objectSchema({ brightness: 'number?' }) });
    await registry.call(
      'light',
      'turn_on',
      { entity_id: 'light.b, light.a', brightness: 1 },
      { target: { entity_id: ['light.c', 'light.a'] } },
    );
    expect(calls[0]?.entityIds).toEqual(['light.a', 'light.b', 'light.c']);
    expect(calls[0]?.data).toEqual({ brightness: 1 });
  });

  test('call_service is fired before the handler runs, with the data and the target', async () => {
    const { registry, eventsOf } = services();
    const seenBefore: number[] = [];
    registry.register('light', 'turn_on', () => {
      seenBefore.push(eventsOf('call_service').length);
    });
    await registry.call('light', 'turn_on', { brightness: 1 }, { target: { entity_id: 'light.a' } });
    expect(seenBefore).toEqual([1]);
    expect(eventsOf('call_service')[0]?.data).toEqual({
      domain: 'light',
      service: 'turn_on',
      data: { brightness: 1, entity_id: ['light.a'] },
    });
  });

  test('without a context a call gets a fresh one, a child when a parent is given', async () => {
    const { registry, calls, record, clock } = services();
    registry.register('light', 'toggle', record);
    const parent = createContext({}, clock);
    await registry.call('light', 'toggle');
    await registry.call('light', 'toggle', {}, { parentContext: parent });
    expect(calls[0]?.context.parentId).toBeNull();
    expect(calls[1]?.context.parentId).toBe(parent.id);
    expect(calls[1]?.context.id).not.toBe(parent.id);
  });

  test('an unknown service names itself and lists what its domain has', async () => {
    const { registry, record } = services();
    registry.register('light', 'turn_on', record);
    registry.register('light', 'toggle', record);
    await expect(registry.call('light', 'toggel')).rejects.toThrow(ServiceNotFoundError);
    await expect(registry.call('light', 'toggel')).rejects.toThrow(
      'service light.toggel not found; light has: toggle, turn_on',
    );
    await expect(registry.call('fan', 'on')).rejects.toThrow(/no services are registered for domain "fan"/);
  });

  test('data failing the schema is a ValidationError with field paths, and the handler never runs', async () => {
    const { registry, calls, record } = services();
    registry.register('light', 'turn_on', record, { schema: objectSchema({ brightness: 'number' }) });
    const attempt = registry.call('light', 'turn_on', { brightness: 'max', colour: 'red' });
    await expect(attempt).rejects.toThrow(ValidationError);
    const error = (await attempt.catch((e: unknown) => e)) as ValidationError;
    expect(error.invalid).toEqual([
      { message: 'extra keys not allowed', path: ['colour'] },
      { message: 'expected number', path: ['brightness'] },
    ]);
    expect(error.message).toMatch(/invalid data for light\.turn_on: colour: extra keys not allowed/);
    expect(calls).toHaveLength(0);
  });

  test('a malformed target is a ValidationError before anything runs', async () => {
    const { registry, calls, record, eventsOf } = services();
    registry.register('light', 'turn_on', record);
    await expect(registry.call('light', 'turn_on', { entity_id: 'kitchen' })).rejects.toThrow(/entity_id\.0/);
    expect(calls).toHaveLength(0);
    expect(eventsOf('call_service')).toHaveLength(0);
  });

  test('responses: returned when asked and supported, typed errors when the mode does not fit', async () => {
    const { registry } = services();
    registry.register('weather', 'forecast', () => ({ days: [1, 2] }), { supportsResponse: 'only' });
    registry.register('script', 'run', () => ({ ok: true }), { supportsResponse: 'optional' });
    registry.register('light', 'turn_on', () => {});
    registry.register('bad', 'reply', () => undefined, { supportsResponse: 'optional' });
    await expect(registry.call('weather', 'forecast', {}, { returnResponse: true })).resolves.toEqual({
      days: [1, 2],
    });
    await expect(registry.call('script', 'run')).resolves.toBeUndefined();
    await expect(registry.call('script', 'run', {}, { returnResponse: true })).resolves.toEqual({ ok: true });
    await expect(registry.call('weather', 'forecast')).rejects.toThrow(ServiceResponseError);
    await expect(registry.call('weather', 'forecast')).rejects.toThrow(/returnResponse: true/);
    await expect(registry.call('light', 'turn_on', {}, { returnResponse: true })).rejects.toThrow(
      /does not return a response/,
    );
    await expect(registry.call('bad', 'reply', {}, { returnResponse: true })).rejects.toThrow(
      /returned undefined where a response object was expected/,
    );
  });

  test('a handler’s error reaches the caller', async () => {
    const { registry } = services();
    registry.register('light', 'turn_on', async () => {
      throw new Error('bulb unreachable');
    });
    await expect(registry.call('light', 'turn_on')).rejects.toThrow('bulb unreachable');
  });

  test('data that is not an object is refused', async () => {
    const { registry, record } = services();
    registry.register('light', 'turn_on', record);
    await expect(registry.call('light', 'turn_on', [1] as never)).rejects.toThrow(/must be an object/);
  });
});
