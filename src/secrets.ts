/**
 * Secrets in what the hub shows about itself. A config flow carries what the user
 * typed — passwords, tokens, API keys — and its actor's events and snapshots are
 * handed to every inspection observer (the inspector, `/api/stately`, `--stately`).
 * Those observers see the secret fields' keys with their values replaced by
 * `REDACTED`; the flow itself still gets the real values.
 *
 * A field is secret when the form says so (a `password` text selector:
 * `field.password()`), or when its name says so (`isSecretFieldName`), whichever
 * catches it: a missed secret is a leak, an extra redaction only hides a value
 * from the inspector.
 */
import type { AnyActorRef, InspectionEvent, Observer } from 'xstate';

/** What a secret value reads as wherever the hub shows it. */
export const REDACTED = '**REDACTED**';

const NO_KEYS: ReadonlySet<string> = new Set();

/** Words that make a field name secret on their own (`password`, `api_token`, `pinCode`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'secret',
  'token',
  'apikey',
  'pin',
]);
/** Word pairs that do (`api_key`, `privateKey`); `key` alone does not. */
const SECRET_PAIRS: readonly (readonly [string, string])[] = [
  ['api', 'key'],
  ['private', 'key'],
];

/** `clientSecret` -> client, secret; `APIKey` -> api, key; `x-api_key` -> x, api, key. */
function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => (word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word));
}

/**
 * True when a field's name marks it secret: one of its words (snake, kebab or
 * camel case, any letter case, plural too) is password, passwd, passphrase,
 * passcode, secret, token, apikey or pin, or two of them are api key or private
 * key. Whole words only: `spinner`, `keyboard` and `tokenizer` are not secret.
 */
export function isSecretFieldName(name: string): boolean {
  const words = wordsOf(name);
  if (words.some((word) => SECRET_WORDS.has(word))) return true;
  return words.some((word, i) => SECRET_PAIRS.some(([a, b]) => word === a && words[i + 1] === b));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A field schema that is a password input, possibly behind `nullable()` or in a list. */
function isSecretFieldSchema(schema: unknown): boolean {
  if (!isPlainObject(schema)) return false;
  const selector = schema.selector;
  if (isPlainObject(selector) && isPlainObject(selector.text) && selector.text.type === 'password')
    return true;
  const members = [schema.anyOf, schema.oneOf, schema.allOf].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  return members.some(isSecretFieldSchema) || isSecretFieldSchema(schema.items);
}

/**
 * The names of the fields a form's JSON Schema (`toFormJson`, a flow result's
 * `schema`) marks secret — a `password` text selector — in sections too.
 */
export function secretFieldsOf(schema: unknown): string[] {
  if (!isPlainObject(schema) || !isPlainObject(schema.properties)) return [];
  const names: string[] = [];
  for (const [name, field] of Object.entries(schema.properties)) {
    if (isSecretFieldSchema(field)) names.push(name);
    else names.push(...secretFieldsOf(field));
  }
  return names;
}

/**
 * A copy of `value` in which every given value (not null or undefined) under a
 * secret key — one of `secretKeys`, or a name `isSecretFieldName` accepts — is
 * `REDACTED`, at any depth of plain objects and arrays. Keys stay, so the reader
 * sees the field was given; other values and class instances are kept as they
 * are; `value` itself is never changed.
 */
export function redactSecrets<T>(value: T, secretKeys: ReadonlySet<string> = NO_KEYS): T {
  return copy(value, (key) => secretKeys.has(key) || isSecretFieldName(key), new Map()) as T;
}

function copy(value: unknown, isSecret: (key: string) => boolean, copies: Map<object, unknown>): unknown {
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(copy(item, isSecret, copies));
    return out;
  }
  const out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
  copies.set(value, out);
  for (const [key, item] of Object.entries(value)) {
    const given = item !== undefined && item !== null;
    // Defined, not assigned: a key named `__proto__` stays data.
    Object.defineProperty(out, key, {
      value: given && isSecret(key) ? REDACTED : copy(item, isSecret, copies),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

type InspectObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

/**
 * An inspection observer that passes `observer` each event with its secrets
 * redacted: the event sent (a flow's `step` input), the snapshot (context, an
 * invoked step's input and output) and action params. The actor refs it carries
 * are views whose `getSnapshot()` is redacted too, one view per actor, so an
 * observer that reads the live snapshot later (Stately's inspector does) or
 * compares refs works as before. `secretKeys` is read at each event, so keys
 * added to it later apply from then on.
 */
export function redactingInspector(
  observer: InspectObserver,
  secretKeys: ReadonlySet<string> = NO_KEYS,
): (event: InspectionEvent) => void {
  const views = new WeakMap<object, AnyActorRef>();
  const redactSnapshot = (snapshot: unknown): unknown => {
    const redacted = redactSecrets(snapshot, secretKeys);
    // Children are live actors: hand them out as views as well.
    if (isPlainObject(redacted) && isPlainObject(redacted.children)) {
      redacted.children = Object.fromEntries(
        Object.entries(redacted.children).map(([id, child]) => [id, viewOf(child)]),
      );
    }
    return redacted;
  };
  function viewOf<R>(ref: R): R {
    if (typeof ref !== 'object' || ref === null) return ref;
    let view = views.get(ref);
    if (!view) {
      view = new Proxy(ref as unknown as AnyActorRef, {
        get(target, property) {
          if (property === 'getSnapshot' || property === 'getPersistedSnapshot') {
            return () => redactSnapshot(target[property]());
          }
          if (property === '_parent') return viewOf((target as { _parent?: unknown })._parent);
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      views.set(ref, view);
    }
    return view as R;
  }
  const deliver =
    typeof observer === 'function' ? observer : (event: InspectionEvent) => observer.next?.(event);
  return (event) => {
    const out: Record<string, unknown> = { ...event, actorRef: viewOf(event.actorRef) };
    if ('sourceRef' in event) out.sourceRef = viewOf(event.sourceRef);
    if ('event' in event) out.event = redactSecrets(event.event, secretKeys);
    if ('snapshot' in event) out.snapshot = redactSnapshot(event.snapshot);
    if ('action' in event) out.action = redactSecrets(event.action, secretKeys);
    deliver(out as unknown as InspectionEvent);
  };
}
