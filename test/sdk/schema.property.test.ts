import fc from 'fast-check';
import { describe, expect } from 'vitest';
import type { z } from 'zod';
import {
  dataSchema,
  dataSchemaFromJson,
  field,
  form,
  fromFormJson,
  section,
  toFormJson,
} from '../../src/sdk/schema.js';
import { prop } from '../support/property.js';

/** A field as data, so fast-check can shrink it; `build` turns it into zod. */
type FieldSpec = {
  kind: 'text' | 'password' | 'number' | 'boolean' | 'select' | 'entity' | 'time' | 'date';
  config: Record<string, unknown>;
  defaultValue?: unknown;
  description?: string;
  optional: boolean;
};
type SectionSpec = { kind: 'section'; collapsed: boolean; fields: Record<string, FieldSpec> };
type FormSpec = Record<string, FieldSpec | SectionSpec>;

const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/);
const label = fc.string({ minLength: 1, maxLength: 12 });
const options = fc.uniqueArray(name, { minLength: 1, maxLength: 4 });

const kinds: fc.Arbitrary<Omit<FieldSpec, 'description' | 'optional'>> = fc.oneof(
  fc.record({
    kind: fc.constant('text' as const),
    config: fc.record(
      { multiline: fc.boolean(), type: fc.constantFrom('text', 'url', 'email') },
      {
        requiredKeys: [],
      },
    ),
    defaultValue: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('password' as const), config: fc.constant({}) }),
  fc
    .record({
      bounds: fc.option(fc.tuple(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 100 })), {
        nil: undefined,
      }),
      step: fc.option(fc.constantFrom(0.5, 1, 5), { nil: undefined }),
      unit: fc.option(fc.constantFrom('°C', '%', 's'), { nil: undefined }),
      mode: fc.option(fc.constantFrom('box', 'slider'), { nil: undefined }),
      useDefault: fc.boolean(),
    })
    .map(({ bounds, step, unit, mode, useDefault }) => {
      const [min, span] = bounds ?? [undefined, 0];
      const max = min === undefined ? undefined : min + span;
      return {
        kind: 'number' as const,
        config: { min, max, step, unit, mode },
        defaultValue: useDefault ? (min ?? 0) : undefined,
      };
    }),
  fc.record({
    kind: fc.constant('boolean' as const),
    config: fc.constant({}),
    defaultValue: fc.option(fc.boolean(), { nil: undefined }),
  }),
  fc
    .record({
      values: options,
      labelled: fc.boolean(),
      multiple: fc.boolean(),
      mode: fc.option(fc.constantFrom('dropdown', 'list'), { nil: undefined }),
      label,
      useDefault: fc.boolean(),
    })
    .map(({ values, labelled, multiple, mode, label, useDefault }) => ({
      kind: 'select' as const,
      config: {
        options: labelled ? values.map((value) => ({ value, label: `${label} ${value}` })) : values,
        multiple,
        mode,
      },
      defaultValue: useDefault ? (multiple ? values.slice(0, 1) : values[0]) : undefined,
    })),
  fc.record({
    kind: fc.constant('entity' as const),
    config: fc.record(
      { domain: fc.constantFrom('light', 'sensor'), multiple: fc.boolean() },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ kind: fc.constant('time' as const), config: fc.constant({}) }),
  fc.record({ kind: fc.constant('date' as const), config: fc.constant({}) }),
);

const fieldSpec: fc.Arbitrary<FieldSpec> = fc
  .tuple(kinds, fc.option(label, { nil: undefined }), fc.boolean())
  .map(([kind, description, optional]) => ({ ...kind, description, optional }));

const sectionSpec: fc.Arbitrary<SectionSpec> = fc.record({
  kind: fc.constant('section' as const),
  collapsed: fc.boolean(),
  fields: fc.dictionary(name, fieldSpec, { minKeys: 1, maxKeys: 4 }),
});

const formSpec: fc.Arbitrary<FormSpec> = fc.dictionary(
  name,
  fc.oneof({ weight: 4, arbitrary: fieldSpec }, sectionSpec),
  {
    minKeys: 1,
    maxKeys: 6,
  },
);

function buildField(spec: FieldSpec): z.ZodType {
  const config = spec.config as never;
  let schema: z.ZodType;
  switch (spec.kind) {
    case 'text':
      schema = field.text(config);
      break;
    case 'password':
      schema = field.password();
      break;
    case 'number':
      schema = field.number(config);
      break;
    case 'boolean':
      schema = field.boolean();
      break;
    case 'select': {
      const { options, ...rest } = spec.config as { options: string[] };
      schema = field.select(options, rest as never);
      break;
    }
    case 'entity':
      schema = field.entity(config);
      break;
    case 'time':
      schema = field.time();
      break;
    case 'date':
      schema = field.date();
      break;
  }
  if (spec.defaultValue !== undefined) schema = (schema as z.ZodString).default(spec.defaultValue as string);
  if (spec.description !== undefined) schema = schema.describe(spec.description);
  return spec.optional ? schema.optional() : schema;
}

function buildForm(spec: FormSpec) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, item] of Object.entries(spec)) {
    if (item.kind !== 'section') {
      shape[key] = buildField(item);
      continue;
    }
    const inner: Record<string, z.ZodType> = {};
    for (const [innerKey, innerField] of Object.entries(item.fields))
      inner[innerKey] = buildField(innerField);
    shape[key] = section(inner, { collapsed: item.collapsed });
  }
  return form(shape);
}

/** A value of the wrong type for the field, whatever its kind. */
const wrongValue = (spec: FieldSpec): unknown => (spec.kind === 'number' ? 'NaN' : 12345.5);

/** Inputs to validate: mostly plausible, sometimes anything JSON. */
const inputFor = (spec: FormSpec) =>
  fc.dictionary(fc.constantFrom(...Object.keys(spec), 'not_a_field'), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 4,
  });

describe('form schemas through JSON', () => {
  prop([formSpec], { numRuns: 100 })(
    'toFormJson(fromFormJson(json)) deep-equals json for any form',
    (spec) => {
      const json = toFormJson(buildForm(spec));
      const again = toFormJson(fromFormJson(json));
      expect(again).toEqual(json);
      expect(JSON.stringify(again)).toBe(JSON.stringify(json));
    },
  );

  prop([formSpec.chain((spec) => fc.tuple(fc.constant(spec), inputFor(spec)))], { numRuns: 80 })(
    'a DataSchema rebuilt from a form JSON accepts, fills in and rejects exactly as the original',
    ([spec, input]) => {
      const original = dataSchema(buildForm(spec));
      const rebuilt = dataSchemaFromJson(original.toJSON());
      expect(rebuilt).not.toBeNull();
      expect(rebuilt?.toJSON()).toEqual(original.toJSON());
      expect(rebuilt?.validate(input)).toEqual(original.validate(input));
      expect(rebuilt?.validate({})).toEqual(original.validate({}));
    },
  );

  prop([formSpec, fc.nat()], { numRuns: 60 })(
    'a field of the wrong type is reported at its path, through its section',
    (spec, pick) => {
      const paths: [string[], FieldSpec][] = Object.entries(spec).flatMap(([key, item]) =>
        item.kind === 'section'
          ? Object.entries(item.fields).map(([inner, f]): [string[], FieldSpec] => [[key, inner], f])
          : [[[key], item] as [string[], FieldSpec]],
      );
      const [path, target] = paths[pick % paths.length]!;
      const input: Record<string, unknown> =
        path.length === 2
          ? { [path[0]!]: { [path[1]!]: wrongValue(target) } }
          : { [path[0]!]: wrongValue(target) };
      const result = dataSchema(buildForm(spec)).validate(input);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.invalid.map((field) => field.path)).toContainEqual(path);
    },
  );
});
