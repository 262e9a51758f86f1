/**
 * The one JSON-safe encoder both sides use for dynamic payloads. It never
 * throws: an odd value (a cycle, a function, a symbol) degrades to a string so
 * that an event callback cannot fail on a bad attribute.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * How deep a dynamic payload may nest. Deeper values become `TOO_DEEP`: without a
 * bound, a sandbox's deeply nested attribute would overflow the stack of every
 * recursive copy, compare and encode on its way to the host.
 */
export const MAX_JSON_DEPTH = 64;
/** What a value nested deeper than `MAX_JSON_DEPTH` becomes. */
export const TOO_DEEP = '[nested too deep]';
/** What a reference back to an enclosing object becomes. */
export const CIRCULAR = '[Circular]';

/**
 * A JSON-safe deep copy: Set -> array, Map -> object, Date -> ISO, BigInt -> string,
 * undefined dropped, a cycle -> `CIRCULAR`, an object nested deeper than `MAX_JSON_DEPTH` -> `TOO_DEEP`.
 */
export function toJsonSafe(value: unknown): JsonValue | undefined {
  // Stryker disable next-line ArrayDeclaration: the path is searched for objects only, so a seeded string never matches
  return convert(value, []);
}

function convert(value: unknown, path: object[]): JsonValue | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // NaN and the infinities have no JSON form; a string keeps the information.
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return value.toString();
    case 'undefined':
      return undefined;
    case 'function':
    case 'symbol':
      return String(value);
  }
  if (value === null) return null;
  const obj = value as object;
  if (path.includes(obj)) return CIRCULAR;
  if (path.length >= MAX_JSON_DEPTH) return TOO_DEEP;
  path.push(obj);
  try {
    if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
    if (Array.isArray(obj)) return obj.map((item) => convert(item, path) ?? null);
    if (obj instanceof Set) return [...obj].map((item) => convert(item, path) ?? null);
    if (obj instanceof Map) {
      const out: Record<string, JsonValue> = {};
      for (const [key, item] of obj) {
        const converted = convert(item, path);
        if (converted !== undefined) setKey(out, keyString(key), converted);
      }
      return out;
    }
    if (ArrayBuffer.isView(obj)) return Array.from(obj as unknown as ArrayLike<number>, Number);
    if (obj instanceof Error) return `${obj.name}: ${obj.message}`;
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return convert(toJSON.call(obj), path);
    const out: Record<string, JsonValue> = {};
    for (const key of Object.keys(obj)) {
      const converted = convert((obj as Record<string, unknown>)[key], path);
      if (converted !== undefined) setKey(out, key, converted);
    }
    return out;
  } catch (error) {
    // A throwing getter, toJSON or revoked proxy: keep what can be said about it.
    return `[unserializable: ${describe(error)}]`;
  } finally {
    path.pop();
  }
}

/** Defines rather than assigns, so a key named `__proto__` stays data. */
function setKey(out: Record<string, JsonValue>, key: string, value: JsonValue): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

function describe(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'a value with no string form';
  }
}

function keyString(key: unknown): string {
  if (typeof key === 'string') return key;
  const safe = toJsonSafe(key);
  return typeof safe === 'string' ? safe : JSON.stringify(safe);
}

/** JSON bytes of a value made safe first; `undefined` encodes as no bytes. */
export function encodeJson(value: unknown): Uint8Array {
  const safe = toJsonSafe(value);
  return safe === undefined ? EMPTY : encoder.encode(JSON.stringify(safe));
}

/** The value of JSON bytes; no bytes decode to `undefined`. Throws SyntaxError on bad JSON. */
export function decodeJson<T = unknown>(bytes: Uint8Array | null | undefined): T | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(decoder.decode(bytes)) as T;
}

/**
 * Copy `source`'s own keys onto `target`, a `__proto__` key as data. On the write path
 * of every state, both sides: V8 copies the second object of a `{ ...a, ...b }` on a
 * slow path, which costs microseconds per write.
 */
export function assignData(target: Record<string, unknown>, source: Record<string, unknown>): void {
  for (const key of Object.keys(source)) {
    if (key === '__proto__') {
      Object.defineProperty(target, key, {
        value: source[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else target[key] = source[key];
  }
}
