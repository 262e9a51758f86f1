/**
 * Immutable snapshots of caller data. The host copies plain containers before
 * freezing them so it never freezes (or later shares) an object the caller still
 * holds; class instances are kept by reference, as immer does.
 */

import { freeze } from 'immer';
import { ValidationError } from '../errors.js';

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A deep-frozen copy of `value`'s plain objects, arrays, Maps and Sets. Throws on a cycle. */
export function snapshot<T>(value: T, what = 'value'): T {
  return freeze(copy(value, new Set(), what), true) as T;
}

function copy(value: unknown, ancestors: Set<object>, what: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const container =
    Array.isArray(value) || isPlainObject(value) || value instanceof Map || value instanceof Set;
  if (!container) return value;
  if (ancestors.has(value)) throw new ValidationError(`${what} contains a reference cycle; send plain data`);
  ancestors.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((item) => copy(item, ancestors, what));
  else if (value instanceof Map) {
    out = new Map([...value].map(([k, v]) => [k, copy(v, ancestors, what)]));
  } else if (value instanceof Set) out = new Set([...value].map((item) => copy(item, ancestors, what)));
  else {
    const object: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // defineProperty: a `__proto__` key stays an own key instead of setting the prototype.
      Object.defineProperty(object, key, {
        value: copy(item, ancestors, what),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    out = object;
  }
  ancestors.delete(value);
  return out;
}

/** Structural equality of acyclic data (key order does not matter; Dates by time). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [key, item] of a) if (!b.has(key) || !deepEqual(item, b.get(key))) return false;
    return true;
  }
  if (a instanceof Set) return b instanceof Set && a.size === b.size && [...a].every((item) => b.has(item));
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}
