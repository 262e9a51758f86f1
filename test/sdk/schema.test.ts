import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { FormSchemaError } from '../../src/errors.js';
import {
  dataSchema,
  dataSchemaFromJson,
  field,
  form,
  fromFormJson,
  section,
  toFormJson,
} from '../../src/sdk/schema.js';

const connection = form({
  host: field.text().describe('Host name or IP'),
  port: field.number({ min: 1, max: 65535, mode: 'box' }).default(80),
  password: field.password().optional(),
  mode: field.select([{ value: 'fast', label: 'Fast' }, 'safe'], { mode: 'list' }).default('safe'),
  advanced: section(
    { verbose: field.boolean().default(false), light: field.entity({ domain: 'light' }).optional() },
    {
      collapsed: true,
    },
  ),
});

describe('form JSON', () => {
  test('selectors, sections, defaults and descriptions are JSON Schema keywords', () => {
    const json = toFormJson(connection);
    expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(json.required).toEqual(['host', 'advanced']);
    expect(json.additionalProperties).toBe(false);
    const properties = json.properties as Record<string, Record<string, unknown>>;
    expect(Object.keys(properties)).toEqual(['host', 'port', 'password', 'mode', 'advanced']);
    expect(properties.host).toMatchObject({
      type: 'string',
      description: 'Host name or IP',
      selector: { text: {} },
    });
    expect(properties.port).toMatchObject({
      default: 80,
      minimum: 1,
      maximum: 65535,
      selector: { number: { min: 1, max: 65535, mode: 'box' } },
    });
    expect(properties.password).toMatchObject({ selector: { text: { type: 'password' } } });
    expect(properties.mode).toMatchObject({
      enum: ['fast', 'safe'],
      default: 'safe',
      selector: { select: { options: [{ value: 'fast', label: 'Fast' }, 'safe'], mode: 'list' } },
    });
    expect(properties.advanced).toMatchObject({ type: 'object', section: { collapsed: true } });
  });

  test('the host re-exports exactly the JSON the sandbox sent, key order included', () => {
    const json = toFormJson(connection);
    expect(JSON.stringify(toFormJson(fromFormJson(json)))).toBe(JSON.stringify(json));
  });

  test('a select with a single option survives the round trip', () => {
    const json = toFormJson(form({ only: field.select(['one']) }));
    expect(toFormJson(fromFormJson(json))).toEqual(json);
  });

  test('a schema JSON cannot express is a FormSchemaError', () => {
    expect(() => toFormJson(form({ when: z.date() }))).toThrow(FormSchemaError);
  });

  test('JSON zod cannot rebuild is a FormSchemaError', () => {
    expect(() => fromFormJson({ type: 'object', not: { type: 'string' } })).toThrow(FormSchemaError);
  });
});

describe('DataSchema', () => {
  const schema = dataSchema(connection);

  test('valid input comes back with defaults filled in, an absent section counting as empty', () => {
    expect(schema.validate({ host: 'hub.local' })).toEqual({
      ok: true,
      value: { host: 'hub.local', port: 80, mode: 'safe', advanced: { verbose: false } },
    });
  });

  test('each invalid field is reported at its path, nested ones through their section', () => {
    const result = schema.validate({ port: 70000, mode: 'turbo', advanced: { light: 'not an entity id' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.invalid.map((field) => field.path)).toEqual([
      ['host'],
      ['port'],
      ['mode'],
      ['advanced', 'light'],
    ]);
    expect(result.invalid.every((field) => field.message.length > 0)).toBe(true);
  });

  test('a field the form does not have is reported at its own path', () => {
    const result = schema.validate({ host: 'h', extra: 1 });
    expect(result).toEqual({ ok: false, invalid: [{ message: 'unknown field "extra"', path: ['extra'] }] });
  });

  test('non-object input is invalid at the root', () => {
    const result = schema.validate('nope');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.invalid[0]?.path).toEqual([]);
  });

  test('toJSON is the form JSON, and a copy', () => {
    const json = schema.toJSON();
    expect(json).toEqual(toFormJson(connection));
    json.type = 'changed';
    expect(schema.toJSON().type).toBe('object');
  });

  test('a rebuilt DataSchema validates like the original', () => {
    const rebuilt = dataSchemaFromJson(schema.toJSON());
    expect(rebuilt).not.toBeNull();
    for (const input of [
      {},
      { host: 'h' },
      { host: 1, port: 'x', advanced: { verbose: 'y' } },
      { host: 'h', zz: 1 },
    ]) {
      expect(rebuilt?.validate(input)).toEqual(schema.validate(input));
    }
  });

  test('a rebuilt DataSchema exports what it was built from, as sent', () => {
    const sent = { type: 'object', properties: { a: { type: 'string', const: 'x' } }, required: ['a'] };
    expect(dataSchemaFromJson(sent)?.toJSON()).toEqual(sent);
  });

  test('JSON that cannot be rebuilt exactly gives null so the sandbox validates instead', () => {
    expect(dataSchemaFromJson({ type: 'object', not: { type: 'string' } })).toBeNull();
    expect(
      dataSchemaFromJson({ type: 'object', properties: { d: { type: 'string', format: 'email' } } }),
    ).toBeNull();
    expect(
      dataSchemaFromJson({ type: 'object', properties: { p: { type: 'string', pattern: '(' } } }),
    ).toBeNull();
    expect(dataSchemaFromJson('not a schema')).toBeNull();
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 40; i++) deep = { type: 'object', properties: { n: deep } };
    expect(dataSchemaFromJson(deep)).toBeNull();
  });

  test('a plain zod object for a service exports and rebuilds too', () => {
    const service = dataSchema(
      z.object({ level: z.number().int().min(0).max(10), note: z.string().optional() }),
    );
    const rebuilt = dataSchemaFromJson(service.toJSON());
    expect(rebuilt?.toJSON()).toEqual(service.toJSON());
    expect(rebuilt?.validate({ level: 11 })).toEqual(service.validate({ level: 11 }));
  });
});

describe('field helpers', () => {
  test('a multiple select takes a list of its options', () => {
    const schema = dataSchema(form({ days: field.select(['mon', 'tue'], { multiple: true }) }));
    expect(schema.validate({ days: ['tue', 'mon'] })).toEqual({ ok: true, value: { days: ['tue', 'mon'] } });
    expect(schema.validate({ days: ['wed'] }).ok).toBe(false);
  });

  test('a select needs options, each once', () => {
    expect(() => field.select([])).toThrow(FormSchemaError);
    expect(() => field.select(['a', { value: 'a', label: 'A' }])).toThrow(FormSchemaError);
  });

  test('entity, time and date fields check their format', () => {
    const schema = dataSchema(form({ target: field.entity(), at: field.time(), on: field.date() }));
    expect(schema.validate({ target: 'light.kitchen', at: '07:30', on: '2024-02-29' }).ok).toBe(true);
    const bad = schema.validate({ target: 'kitchen', at: '25:00', on: '2024-13-01' });
    expect(bad.ok ? [] : bad.invalid.map((field) => field.path[0])).toEqual(['target', 'at', 'on']);
  });
});
