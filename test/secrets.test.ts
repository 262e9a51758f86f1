import { describe, expect, test } from 'vitest';
import { createActor, createMachine, fromPromise, type InspectionEvent } from 'xstate';
import { InspectorCollector } from '../src/inspector/collector.js';
import { redactingLogger } from '../src/logger.js';
import { field, form, section, toFormJson } from '../src/sdk/schema.js';
import {
  isSecretFieldName,
  REDACTED,
  redactingInspector,
  redactSecrets,
  secretFieldsOf,
} from '../src/secrets.js';

describe('isSecretFieldName', () => {
  test.each([
    'password',
    'PASSWORD',
    'Password',
    'passwd',
    'user_password',
    'userPassword',
    'passwords',
    'secret',
    'client_secret',
    'clientSecret',
    'token',
    'access_token',
    'accessToken',
    'refresh-token',
    'api_key',
    'apiKey',
    'APIKey',
    'API_KEY',
    'apikey',
    'x-api-key',
    'private_key',
    'privateKey',
    'pin',
    'PIN',
    'pin_code',
    'passphrase',
  ])('%s is secret', (name) => {
    expect(isSecretFieldName(name)).toBe(true);
  });

  test.each([
    'host',
    'username',
    'port',
    'key',
    'keyboard',
    'spinner',
    'pinned',
    'tokenizer',
    'secretary',
    'mypassword',
    'api',
    'public_key',
    'key_api',
    '',
  ])('%s is not secret', (name) => {
    expect(isSecretFieldName(name)).toBe(false);
  });
});

describe('secretFieldsOf', () => {
  test('names the password fields of a form, in sections and behind optional, default and nullable', () => {
    const json = toFormJson(
      form({
        host: field.text(),
        code: field.password(),
        later: field.password().optional(),
        preset: field.password().default('0000'),
        maybe: field.password().nullable(),
        typed: field.text({ type: 'password' }),
        url: field.text({ type: 'url' }),
        auth: section({ user: field.text(), phrase: field.password() }),
      }),
    );
    expect(secretFieldsOf(json).sort()).toEqual(['code', 'later', 'maybe', 'phrase', 'preset', 'typed']);
  });

  test('a form with no password field, no schema or a schema that is not an object names none', () => {
    expect(secretFieldsOf(toFormJson(form({ host: field.text(), port: field.number() })))).toEqual([]);
    expect(secretFieldsOf(null)).toEqual([]);
    expect(secretFieldsOf('password')).toEqual([]);
    expect(secretFieldsOf({ properties: [] })).toEqual([]);
  });
});

describe('redactSecrets', () => {
  test('replaces the values of secret-named keys and keeps the keys and the other values', () => {
    expect(redactSecrets({ host: 'hub.local', port: 8080, password: 'hunter2', apiKey: 'k-1' })).toEqual({
      host: 'hub.local',
      port: 8080,
      password: REDACTED,
      apiKey: REDACTED,
    });
  });

  test('replaces the values of the keys it is given, whatever their names', () => {
    expect(redactSecrets({ code: '1234', name: 'x' }, new Set(['code']))).toEqual({
      code: REDACTED,
      name: 'x',
    });
  });

  test('reaches secrets nested in objects and arrays', () => {
    const value = {
      type: 'step',
      input: { auth: { token: 't-1', user: 'me' } },
      accounts: [{ name: 'a', secret: 's-1' }, [{ pin: 1234 }]],
    };
    expect(redactSecrets(value)).toEqual({
      type: 'step',
      input: { auth: { token: REDACTED, user: 'me' } },
      accounts: [{ name: 'a', secret: REDACTED }, [{ pin: REDACTED }]],
    });
  });

  test('replaces a secret value that is an object or array whole', () => {
    expect(redactSecrets({ token: { access: 'a', refresh: 'r' }, secrets: ['x', 'y'] })).toEqual({
      token: REDACTED,
      secrets: REDACTED,
    });
  });

  test('leaves a secret key that was not given as it is', () => {
    expect(redactSecrets({ password: null, token: undefined, pin: '' })).toEqual({
      password: null,
      token: undefined,
      pin: REDACTED,
    });
  });

  test('does not change the value it was given', () => {
    const value = { password: 'p', nested: { token: 't', list: [{ secret: 's' }] } };
    const before = structuredClone(value);
    redactSecrets(value);
    expect(value).toEqual(before);
  });

  test('keeps class instances and primitives as they are', () => {
    const when = new Date(0);
    const error = new Error('password');
    expect(redactSecrets('hunter2')).toBe('hunter2');
    expect(redactSecrets(null)).toBe(null);
    const out = redactSecrets({ when, error });
    expect(out.when).toBe(when);
    expect(out.error).toBe(error);
  });

  test('copies a cycle as a cycle', () => {
    const value: Record<string, unknown> = { password: 'p' };
    value.self = value;
    const out = redactSecrets(value);
    expect(out.password).toBe(REDACTED);
    expect(out.self).toBe(out);
  });

  test('a key named __proto__ stays data', () => {
    const value = JSON.parse('{"__proto__": {"password": "p"}}') as Record<string, unknown>;
    const out = redactSecrets(value);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ password: REDACTED });
  });
});

describe('redactingLogger', () => {
  test('redacts the secret fields of each line and passes the rest on', () => {
    const lines: unknown[][] = [];
    const logger = redactingLogger((...line) => lines.push(line));
    logger('info', 'connecting', { group: 'g', password: 'hunter2' });
    logger('warn', 'no fields');
    expect(lines).toEqual([
      ['info', 'connecting', { group: 'g', password: REDACTED }],
      ['warn', 'no fields', undefined],
    ]);
  });
});

const login = createMachine({
  id: 'login',
  initial: 'idle',
  context: { answer: null as unknown },
  states: {
    idle: { on: { submit: 'checking' } },
    checking: {
      invoke: {
        src: 'check',
        input: ({ event }) => (event as unknown as { input: unknown }).input,
        onDone: { target: 'done' },
      },
    },
    done: { type: 'final' },
  },
});

/** Runs `login` with `submit` carrying `input`; returns what the observer saw and what `check` was given. */
async function runLogin(input: Record<string, unknown>, secretKeys?: ReadonlySet<string>) {
  const seen: InspectionEvent[] = [];
  let given: unknown;
  const machine = login.provide({
    actors: {
      check: fromPromise(async ({ input: received }) => {
        given = received;
        return { ok: true, echo: received };
      }),
    },
  });
  const actor = createActor(machine, { inspect: redactingInspector((e) => seen.push(e), secretKeys) });
  actor.start();
  actor.send({ type: 'submit', input } as never);
  await new Promise((resolve) => setTimeout(resolve, 10));
  return { seen, given, actor };
}

describe('redactingInspector', () => {
  test('the observer sees no secret in events, snapshots or live snapshots; the actor gets it whole', async () => {
    const { seen, given } = await runLogin(
      { user: 'me', password: 'hunter2', code: '4711' },
      new Set(['code']),
    );
    expect(given).toEqual({ user: 'me', password: 'hunter2', code: '4711' });
    const live = seen.map((e) => {
      try {
        return (e.actorRef as { getSnapshot(): unknown }).getSnapshot();
      } catch {
        return null;
      }
    });
    const text = JSON.stringify([seen.map(({ actorRef: _a, ...rest }) => rest), live]);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('4711');
    // The fields are still there, and so is what is not secret.
    expect(text).toContain(`"password":"${REDACTED}"`);
    expect(text).toContain('"user":"me"');
  });

  test('hands out one view per actor, so the collector follows actors across events', async () => {
    const collector = new InspectorCollector();
    const views = new Set<unknown>();
    const inspect = redactingInspector((event) => {
      views.add(event.actorRef);
      collector.inspect(event);
    });
    const pending = login.provide({ actors: { check: fromPromise(() => new Promise<never>(() => {})) } });
    const actor = createActor(pending, { id: 'login:1', inspect });
    actor.start();
    actor.send({ type: 'submit', input: {} } as never);
    expect(views.size).toBe(2);
    expect(collector.actor('login:1')?.stateLabel).toBe('checking');
    expect(collector.actors().map((a) => a.parentId)).toContain('login:1');
    actor.stop();
  });

  test('passes every event on to an observer object', async () => {
    const types: string[] = [];
    const actor = createActor(login, {
      inspect: redactingInspector({ next: (event) => types.push(event.type) }),
    });
    actor.start();
    expect(types).toContain('@xstate.actor');
    expect(types).toContain('@xstate.snapshot');
    actor.stop();
  });
});
