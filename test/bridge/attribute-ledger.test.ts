/**
 * The attribute ledger on its own: what it counts per entity and for the group,
 * the entity it replaces, and the errors it names for each cap.
 */
import { describe, expect, it } from 'vitest';
import { AttributeLedger, jsonBytes } from '../../src/bridge/attribute-ledger.js';
import { CapExceededError } from '../../src/errors.js';

const caps = { maxAttributeBytesPerEntity: 100, maxAttributeBytesPerGroup: 250 };
const ledger = () => new AttributeLedger<string>('built-in', caps);

describe('the attribute ledger', () => {
  it('counts an entity as its attributes plus its capabilities, and the group as the sum', () => {
    const l = ledger();
    l.set('a', { attributes: 30, capabilities: 10 });
    l.set('b', { attributes: 5, capabilities: 5 });
    expect(l.total).toBe(50);
    expect(l.bytesOf('a')).toEqual({ attributes: 30, capabilities: 10 });
    expect(l.bytesOf('c')).toBeUndefined();
  });

  it('setting an entity again replaces its bytes instead of adding them', () => {
    const l = ledger();
    l.set('a', { attributes: 30, capabilities: 10 });
    l.set('a', { attributes: 1, capabilities: 2 });
    expect(l.total).toBe(3);
  });

  it('deleting an entity takes its bytes off the total; deleting one it does not hold changes nothing', () => {
    const l = ledger();
    l.set('a', { attributes: 30, capabilities: 10 });
    l.set('b', { attributes: 5, capabilities: 5 });
    l.delete('a');
    l.delete('a');
    l.delete('nobody');
    expect(l.total).toBe(10);
    expect(l.bytesOf('a')).toBeUndefined();
  });

  it('clearing forgets every entity and the total', () => {
    const l = ledger();
    l.set('a', { attributes: 30, capabilities: 10 });
    l.clear();
    expect(l.total).toBe(0);
    expect(l.bytesOf('a')).toBeUndefined();
    l.set('b', { attributes: 1, capabilities: 1 });
    expect(l.total).toBe(2);
  });

  it('an entity of exactly the per-entity cap passes; one byte more is refused with its size, its name and the cap', () => {
    const l = ledger();
    expect(l.problem('light.a', { attributes: 60, capabilities: 40 })).toBeUndefined();
    const problem = l.problem('light.a', { attributes: 61, capabilities: 40 });
    expect(problem).toBeInstanceOf(CapExceededError);
    expect(problem).toMatchObject({
      type: 'cap_exceeded',
      gate: 'exceedsEntityAttributeCap',
      limit: 100,
      message:
        'the attributes and capabilities of "light.a" are 101 bytes of JSON, more than the 100-byte cap per entity (maxAttributeBytesPerEntity); keep bulky data out of attributes',
    });
  });

  it('an entity too deeply nested to encode is refused as such, not with a size', () => {
    const problem = ledger().problem('light.a', { attributes: Number.POSITIVE_INFINITY, capabilities: 0 });
    expect(problem?.message).toContain('"light.a" are too deeply nested to encode as JSON, more than');
  });

  it('a new entity that makes exactly the group cap passes; one byte more is refused naming the group and the entity', () => {
    const l = ledger();
    l.set('a', { attributes: 100, capabilities: 0 });
    l.set('b', { attributes: 100, capabilities: 0 });
    expect(l.problem('light.c', { attributes: 40, capabilities: 10 })).toBeUndefined();
    expect(l.problem('light.c', { attributes: 41, capabilities: 10 })).toMatchObject({
      gate: 'exceedsGroupAttributeCap',
      limit: 250,
      message:
        'sandbox group "built-in" would hold 251 bytes of entity attributes, more than its 250-byte cap (maxAttributeBytesPerGroup); "light.c" is refused',
    });
  });

  it('an entity replacing its own bytes is measured without them', () => {
    const l = ledger();
    l.set('a', { attributes: 100, capabilities: 0 });
    l.set('b', { attributes: 60, capabilities: 40 });
    // 100 + 100 = 200 held; replacing b's 100 by 100 (split differently) keeps 200.
    expect(l.problem('light.b', { attributes: 90, capabilities: 10 }, 'b')).toBeUndefined();
    // Without the replaced bytes subtracted it would be 300.
    expect(l.problem('light.b', { attributes: 90, capabilities: 10 })).toMatchObject({
      gate: 'exceedsGroupAttributeCap',
    });
    // Replacing an entity the ledger does not hold subtracts nothing.
    expect(l.problem('light.c', { attributes: 90, capabilities: 10 }, 'c')).toMatchObject({
      gate: 'exceedsGroupAttributeCap',
    });
  });

  it('measures JSON as UTF-8 bytes, undefined as nothing, and what cannot be encoded as infinite', () => {
    expect(jsonBytes({ a: 1 })).toBe(7);
    expect(jsonBytes('é')).toBe(4);
    expect(jsonBytes(undefined)).toBe(0);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonBytes(cyclic)).toBe(Number.POSITIVE_INFINITY);
  });
});
