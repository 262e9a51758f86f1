import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { isSecretFieldName, REDACTED, redactSecrets } from '../src/secrets.js';
import { prop } from './support/property.js';

/** Secret words in the spellings a form or an integration might use. */
const secretName = fc
  .tuple(
    fc.constantFrom('password', 'passwd', 'secret', 'token', 'api_key', 'apikey', 'pin', 'private_key'),
    fc.constantFrom('', 'user_', 'access_', 'client_', 'my-'),
    fc.constantFrom('lower', 'upper', 'camel'),
  )
  .map(([word, prefix, style]) => {
    const name = `${prefix}${word}`;
    if (style === 'upper') return name.toUpperCase();
    if (style === 'camel') return name.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());
    return name;
  });
const plainName = fc.constantFrom('host', 'port', 'user', 'name', 'keyboard', 'spinner', 'zone', 'data');
const key = fc.oneof(secretName, plainName, fc.string({ maxLength: 6 }));

const { tree } = fc.letrec<{ tree: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.dictionary(key, tie('tree'), { maxKeys: 5 }),
  ),
}));

const extraKeys = fc.uniqueArray(fc.oneof(plainName, fc.string({ maxLength: 6 })), { maxLength: 3 });

/** Walks `original` and `redacted` side by side; fails on a secret left or anything else changed. */
function checkRedacted(original: unknown, redacted: unknown, keys: ReadonlySet<string>): void {
  if (Array.isArray(original)) {
    expect(Array.isArray(redacted)).toBe(true);
    expect((redacted as unknown[]).length).toBe(original.length);
    for (const [i, item] of original.entries()) checkRedacted(item, (redacted as unknown[])[i], keys);
    return;
  }
  if (typeof original !== 'object' || original === null) {
    expect(redacted).toBe(original);
    return;
  }
  const out = redacted as Record<string, unknown>;
  expect(Object.keys(out)).toEqual(Object.keys(original));
  for (const [k, value] of Object.entries(original)) {
    if ((keys.has(k) || isSecretFieldName(k)) && value !== null && value !== undefined) {
      expect(out[k]).toBe(REDACTED);
    } else {
      checkRedacted(value, out[k], keys);
    }
  }
}

describe('redactSecrets, for any nesting of objects and arrays', () => {
  prop([tree, extraKeys])('never changes the value it is given', (value, keys) => {
    const before = structuredClone(value);
    redactSecrets(value, new Set(keys));
    expect(value).toEqual(before);
  });

  prop([tree, extraKeys])(
    'replaces every given value under a secret key and changes nothing else, keys included',
    (value, keys) => {
      const set = new Set(keys);
      checkRedacted(value, redactSecrets(value, set), set);
    },
  );

  prop([tree, extraKeys])('is idempotent', (value, keys) => {
    const once = redactSecrets(value, new Set(keys));
    expect(redactSecrets(once, new Set(keys))).toEqual(once);
  });

  prop([secretName])('every spelling of a secret word is secret', (name) => isSecretFieldName(name));
});
