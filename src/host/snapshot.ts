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

/**
 * A deep-frozen copy of `value`'s plain objects, arrays, Maps and Sets. Throws on a cycle.
 * Each container is frozen as it is copied: one pass, not a copy and then a freeze walk.
 */
export function snapshot<T>(value: T, what = 'value'): T {
  return copy(value, [], what) as T;
}

/** `ancestors`: the containers being copied above this one (a short list: the nesting depth). */
function copy(value: unknown, ancestors: object[], what: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const container =
    Array.isArray(value) || isPlainObject(value) || value instanceof Map || value instanceof Set;
  if (!container) return value;
  if (ancestors.includes(value))
    throw new ValidationError(`${what} contains a reference cycle; send plain data`);
  ancestors.push(value);
  let out: object;
  if (Array.isArray(value)) out = Object.freeze(value.map((item) => copy(item, ancestors, what)));
  else if (value instanceof Map) {
    // immer's freeze also makes a Map's or Set's mutating methods throw.
    out = freeze(new Map([...value].map(([k, v]) => [k, copy(v, ancestors, what)])));
  } else if (value instanceof Set) {
    out = freeze(new Set([...value].map((item) => copy(item, ancestors, what))));
  } else {
    const source = value as Record<string, unknown>;
    const object: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      const item = copy(source[key], ancestors, what);
      // defineProperty: a `__proto__` key stays an own key instead of setting the prototype.
      if (key === '__proto__') {
        Object.defineProperty(object, key, {
          value: item,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else object[key] = item;
    }
    out = Object.freeze(object);
  }
  ancestors.pop();
  return out;
}

/** Structural equality of acyclic data (key order does not matter; Dates by time). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
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
  for (const key of keys) if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
  return true;
}
