/**
 * Form and service schemas on zod, lossless through JSON. A form is a strict zod
 * object whose fields carry UI hints as metadata (`selector`, `section`); it
 * exports to JSON Schema 2020-12 with those hints as keywords, and the JSON
 * rebuilds into a zod schema that exports to the same JSON and validates alike —
 * so the hub can re-issue and check a form a sandbox sent without running its code.
 */
import { z } from 'zod';
import { FormSchemaError, type InvalidField } from '../errors.js';
import type { DataSchema, FormSchemaJson } from './types.js';

// ---- Field helpers ------------------------------------------------------------

export type SelectOption<V extends string = string> = V | { value: V; label: string };

export interface TextFieldOptions {
  multiline?: boolean;
  /** The input type the UI shows: `text`, `url`, `email`, `tel`, `password`, ... */
  type?: 'text' | 'url' | 'email' | 'tel' | 'password' | 'search' | 'number' | 'color' | 'date' | 'time';
  prefix?: string;
  suffix?: string;
  autocomplete?: string;
}

export interface NumberFieldOptions {
  min?: number;
  max?: number;
  /** UI step only; it does not constrain the value. */
  step?: number;
  unit?: string;
  mode?: 'box' | 'slider';
}

export interface SelectFieldOptions {
  multiple?: boolean;
  mode?: 'dropdown' | 'list';
}

export interface EntityFieldOptions {
  domain?: string | string[];
  deviceClass?: string;
  multiple?: boolean;
}

/** `<domain>.<object_id>`, as the hub spells entity ids. */
const ENTITY_ID_PATTERN = /^[a-z0-9_]+\.[a-z0-9_]+$/;
const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

/** Drops keys whose value is undefined so the selector JSON is stable. */
function defined(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined));
}

function optionValue(option: SelectOption): string {
  return typeof option === 'string' ? option : option.value;
}

function select<const V extends string>(
  options: readonly SelectOption<V>[],
  config?: SelectFieldOptions & { multiple?: false },
): z.ZodEnum<{ [K in V]: K }>;
function select<const V extends string>(
  options: readonly SelectOption<V>[],
  config: SelectFieldOptions & { multiple: true },
): z.ZodArray<z.ZodEnum<{ [K in V]: K }>>;
function select(options: readonly SelectOption[], config: SelectFieldOptions = {}): z.ZodType {
  const values = options.map(optionValue);
  if (values.length === 0) throw new FormSchemaError('a select field needs at least one option');
  if (new Set(values).size !== values.length) {
    throw new FormSchemaError(`select options must be unique: ${values.join(', ')}`);
  }
  const selector = {
    select: defined({ options: [...options], multiple: config.multiple, mode: config.mode }),
  };
  const one = z.enum(values as [string, ...string[]]);
  return (config.multiple ? z.array(one) : one).meta({ selector });
}

function entity(config?: EntityFieldOptions & { multiple?: false }): z.ZodString;
function entity(config: EntityFieldOptions & { multiple: true }): z.ZodArray<z.ZodString>;
function entity(config: EntityFieldOptions = {}): z.ZodType {
  const selector = {
    entity: defined({ domain: config.domain, device_class: config.deviceClass, multiple: config.multiple }),
  };
  const one = z.string().regex(ENTITY_ID_PATTERN);
  return (config.multiple ? z.array(one) : one).meta({ selector });
}

/**
 * Field builders: each returns a plain zod schema with its selector attached, so
 * `.default(v)`, `.describe(text)` and `.optional()` chain as usual.
 */
export const field = {
  text: (config: TextFieldOptions = {}) =>
    z.string().meta({
      selector: {
        text: defined({
          multiline: config.multiline,
          type: config.type,
          prefix: config.prefix,
          suffix: config.suffix,
          autocomplete: config.autocomplete,
        }),
      },
    }),
  password: (config: Omit<TextFieldOptions, 'type'> = {}) => field.text({ ...config, type: 'password' }),
  number: (config: NumberFieldOptions = {}) => {
    let schema = z.number();
    if (config.min !== undefined) schema = schema.min(config.min);
    if (config.max !== undefined) schema = schema.max(config.max);
    const selector = defined({
      min: config.min,
      max: config.max,
      step: config.step,
      unit_of_measurement: config.unit,
      mode: config.mode,
    });
    return schema.meta({ selector: { number: selector } });
  },
  boolean: () => z.boolean().meta({ selector: { boolean: {} } }),
  select,
  entity,
  /** `HH:MM` or `HH:MM:SS`. */
  time: () =>
    z
      .string()
      .regex(TIME_PATTERN)
      .meta({ selector: { time: {} } }),
  /** `YYYY-MM-DD`. */
  date: () =>
    z
      .string()
      .regex(DATE_PATTERN)
      .meta({ selector: { date: {} } }),
};

// ---- Forms and sections -----------------------------------------------------------

/** A form: a strict object, so a field the form does not have is an error, not silently dropped. */
export function form<const S extends z.ZodRawShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  return z.strictObject(shape);
}

/** A collapsible group of fields; its input arrives as a nested object under the section's key. */
export function section<const S extends z.ZodRawShape>(
  shape: S,
  options: { collapsed?: boolean } = {},
): z.ZodObject<S, z.core.$strict> {
  return z.strictObject(shape).meta({ section: { collapsed: options.collapsed ?? false } });
}

// ---- JSON export and rebuild -------------------------------------------------------

/** Keywords whose value is one schema or a list of schemas. */
const SUBSCHEMA_KEYWORDS = new Set([
  'items',
  'prefixItems',
  'additionalProperties',
  'propertyNames',
  'contains',
  'not',
  'anyOf',
  'oneOf',
  'allOf',
]);
/** Keywords whose value maps names to schemas; their key order is meaningful (field order). */
const SCHEMA_MAP_KEYWORDS = new Set(['properties', '$defs', 'patternProperties']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One spelling per meaning, so export → rebuild → export is a fixed point: schema
 * keywords sorted (property order kept), `const: v` as `enum: [v]`, and an empty
 * `additionalProperties` (allows anything, like its absence) left out.
 */
function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (!isPlainObject(node)) return node;
  const entries: [string, unknown][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'additionalProperties' && isPlainObject(value) && Object.keys(value).length === 0) continue;
    if (key === 'const' && !('enum' in node)) {
      entries.push(['enum', [value]]);
    } else if (SUBSCHEMA_KEYWORDS.has(key)) {
      entries.push([key, normalize(value)]);
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isPlainObject(value)) {
      entries.push([
        key,
        Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, normalize(sub)])),
      ]);
    } else {
      entries.push([key, value]);
    }
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/** A form or data schema as JSON Schema 2020-12, selectors and sections kept as keywords. */
export function toFormJson(schema: z.ZodType): FormSchemaJson {
  let json: unknown;
  try {
    json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
  } catch (error) {
    throw new FormSchemaError(`schema cannot be expressed as JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return normalize(json) as FormSchemaJson;
}

/** Rebuilds a zod schema from `toFormJson` output; throws `FormSchemaError` for JSON zod cannot rebuild. */
export function fromFormJson(json: FormSchemaJson): z.ZodType {
  try {
    return z.fromJSONSchema(json as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new FormSchemaError(`form schema cannot be rebuilt: ${(error as Error).message}`, { cause: error });
  }
}

// ---- DataSchema --------------------------------------------------------------------

/** One invalid field per zod issue; an unknown key is reported at its own path. */
export function invalidFields(issues: readonly z.core.$ZodIssue[]): InvalidField[] {
  const out: InvalidField[] = [];
  for (const issue of issues) {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ message: `unknown field "${key}"`, path: [...path, key] });
    } else {
      out.push({ message: issue.message, path });
    }
  }
  return out;
}

/** Keys of top-level sections: an absent section counts as empty, so its fields' defaults apply. */
function sectionKeys(json: FormSchemaJson): string[] {
  const properties = json.properties;
  if (!isPlainObject(properties)) return [];
  return Object.entries(properties)
    .filter(([, sub]) => isPlainObject(sub) && sub.section !== undefined)
    .map(([key]) => key);
}

class ZodDataSchema implements DataSchema {
  private readonly sections: readonly string[];
  constructor(
    private readonly schema: z.ZodType,
    private readonly json: FormSchemaJson,
  ) {
    this.sections = sectionKeys(json);
  }

  validate(
    data: unknown,
  ): { ok: true; value: Record<string, unknown> } | { ok: false; invalid: InvalidField[] } {
    let input = data;
    if (isPlainObject(data) && this.sections.some((key) => data[key] === undefined)) {
      input = { ...data };
      for (const key of this.sections)
        if (data[key] === undefined) (input as Record<string, unknown>)[key] = {};
    }
    const result = this.schema.safeParse(input);
    if (!result.success) return { ok: false, invalid: invalidFields(result.error.issues) };
    if (!isPlainObject(result.data)) {
      return { ok: false, invalid: [{ message: 'expected an object', path: [] }] };
    }
    return { ok: true, value: result.data };
  }

  toJSON(): Record<string, unknown> {
    return structuredClone(this.json);
  }
}

/** A zod object as a `DataSchema`: validation with field paths, and its JSON export. */
export function dataSchema(schema: z.ZodType): DataSchema {
  return new ZodDataSchema(schema, toFormJson(schema));
}

const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

/** Bounds on JSON a peer sends, so rebuilding it stays cheap. */
const MAX_SCHEMA_JSON_CHARS = 256 * 1024;
const MAX_SCHEMA_DEPTH = 32;

function depth(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const child of Object.values(value)) deepest = Math.max(deepest, depth(child));
  return deepest + 1;
}

/**
 * Rebuilds a `DataSchema` from JSON another process exported, or `null` when the
 * JSON cannot be rebuilt exactly (exotic keywords, lossy rebuild, oversized): the
 * caller then leaves validation to the side that owns the schema, rather than
 * checking input against a schema that means something else.
 */
export function dataSchemaFromJson(json: unknown): DataSchema | null {
  if (!isPlainObject(json)) return null;
  let text: string;
  try {
    text = JSON.stringify(json);
  } catch {
    return null;
  }
  if (text.length > MAX_SCHEMA_JSON_CHARS || depth(json) > MAX_SCHEMA_DEPTH) return null;
  const copy = JSON.parse(text) as FormSchemaJson;
  // Another draft reads some keywords differently; 2020-12 is what forms are written in.
  if (copy.$schema !== undefined && copy.$schema !== JSON_SCHEMA_2020_12) return null;
  try {
    const schema = fromFormJson(copy);
    const { $schema: _ignored, ...rebuilt } = toFormJson(schema);
    const { $schema: _sent, ...sent } = normalize(copy) as FormSchemaJson;
    if (!sameJson(rebuilt, sent)) return null;
    return new ZodDataSchema(schema, copy);
  } catch {
    return null;
  }
}

/** Deep equality of JSON values; object key order does not count. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]))
    );
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => key in b && sameJson(a[key], b[key]));
}
