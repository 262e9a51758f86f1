/**
 * What a domain spec says, and the small builders the domain files use. A domain
 * is data: how its state string follows from the entity's fields, which fields are
 * attributes or capabilities, its feature flags, services and queries. The entity
 * base class reads this and holds no per-domain logic of its own.
 */
import type { z } from 'zod';
import type { InvalidField } from '../../errors.js';
import type { SupportsResponse } from '../types.js';

export const ENTITY_DOMAINS = [
  'sensor',
  'binary_sensor',
  'switch',
  'light',
  'cover',
  'climate',
  'lock',
  'fan',
  'button',
  'number',
  'select',
  'text',
  'event',
  'media_player',
  'weather',
  'calendar',
  'update',
  'vacuum',
] as const;

export type EntityDomain = (typeof ENTITY_DOMAINS)[number];

/** Feature bits a call needs: a number needs all of its bits, a list any one of its numbers (as Home Assistant). */
export type FeatureRule = number | readonly number[];

/** Where an attribute comes from: a field of the entity, or a function of its fields. */
export type FieldSource<F> = (keyof F & string) | ((entity: F) => unknown);

/** A service or query: its data schema, the entity method it runs, and what it needs. */
export interface OperationSpec<F> {
  /** The data's fields, snake_case as on the wire; validated strictly before the method runs. */
  readonly fields: z.ZodRawShape;
  /** The entity method called with the validated data. */
  readonly method: string;
  readonly requiredFeature?: FeatureRule;
  /** Features a field needs when present (`effect` → EFFECT), or per value of the field (`type: daily` → FORECAST_DAILY). */
  readonly fieldFeatures?: Readonly<Record<string, FeatureRule | Readonly<Record<string, FeatureRule>>>>;
  /** Checks that depend on the entity (an option from its list, a value within its range). */
  readonly check?: (entity: F, data: Record<string, unknown>) => InvalidField | null;
  /** Rewrites validated data before the method sees it (`brightness_pct` → `brightness`). */
  readonly normalize?: (data: Record<string, unknown>) => Record<string, unknown>;
}

export interface ServiceSpec<F> extends OperationSpec<F> {
  readonly supportsResponse?: SupportsResponse;
  /** A state change the call itself means, applied before the method runs (a button's last press). */
  readonly before?: (entity: F) => void;
}

export interface QuerySpec<F> extends OperationSpec<F> {
  /** Shapes the method's answer for the wire (`{ forecast: [...] }`). */
  readonly response?: (result: unknown) => unknown;
}

export interface LastState {
  state: string;
  attributes: Record<string, unknown>;
}

export interface DomainSpec<F extends object = Record<string, unknown>> {
  readonly domain: EntityDomain;
  /** Every field of the domain with its initial value; an entity starts from these. */
  readonly defaults: F;
  /** The state string; `null` reads as `unknown`. */
  state(entity: F): string | null;
  /** State attributes; a null value is kept, an undefined one left out. */
  readonly attributes: Readonly<Record<string, FieldSource<F>>>;
  /** Attributes merged in whole (an event's own data). */
  extraAttributes?(entity: F): Record<string, unknown>;
  /** Attributes that do not change with state; null and undefined values are left out. */
  readonly capabilities: Readonly<Record<string, FieldSource<F>>>;
  /** The domain's supported-features flags by name. */
  readonly features: Readonly<Record<string, number>>;
  readonly services: Readonly<Record<string, ServiceSpec<F>>>;
  readonly queries: Readonly<Record<string, QuerySpec<F>>>;
  /** Whether entities keep their last state across restarts unless they say otherwise. */
  readonly restoreState: boolean;
  /** Takes back what the domain keeps from the last run (a button's last press). */
  restore?(entity: F, last: LastState): void;
}

// ---- Builders ---------------------------------------------------------------------

type KeysOf<F, V> = { [K in keyof F]-?: F[K] extends V ? K : never }[keyof F] & string;

/** A state string for a value: ISO for dates, decimal for numbers, null for none. */
export function stateString(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value);
}

/** `on` / `off` from a boolean field; null reads as unknown. */
export function onOff<F>(key: KeysOf<F, boolean | null>): (entity: F) => string | null {
  return (entity) => stateString(entity[key]);
}

/** The field's value as the state (a sensor's native value, a climate's hvac mode). */
export function stateOf<F>(key: keyof F & string): (entity: F) => string | null {
  return (entity) => stateString(entity[key]);
}

/** The attribute a Date field becomes: its ISO string, or undefined (left out) when unset. */
export function isoOf<F>(key: KeysOf<F, Date | null>): (entity: F) => string | undefined {
  return (entity) => {
    const value = entity[key];
    return value instanceof Date ? value.toISOString() : undefined;
  };
}

/** Restores a Date field from the state string (a button's last press, an event's last firing). */
export function restoreTimestamp<F>(key: KeysOf<F, Date | null>): (entity: F, last: LastState) => void {
  return (entity, last) => {
    const when = new Date(last.state);
    if (!Number.isNaN(when.getTime())) (entity as Record<string, unknown>)[key] = when;
  };
}

/** The data field must be one of the entity's options (`hvac_mode` in `hvacModes`). */
export function oneOf<F>(
  dataKey: string,
  optionsKey: KeysOf<F, readonly string[] | null>,
): (entity: F, data: Record<string, unknown>) => InvalidField | null {
  return (entity, data) => {
    const value = data[dataKey];
    const options = entity[optionsKey] as readonly string[] | null;
    if (value === undefined || options === null || options.includes(value as string)) return null;
    return { message: `must be one of: ${options.join(', ')}`, path: [dataKey] };
  };
}

/** The data field must lie within the entity's own min and max. */
export function within<F>(
  dataKey: string,
  minKey: KeysOf<F, number | null>,
  maxKey: KeysOf<F, number | null>,
): (entity: F, data: Record<string, unknown>) => InvalidField | null {
  return (entity, data) => {
    const value = data[dataKey];
    if (typeof value !== 'number') return null;
    const min = entity[minKey] as number | null;
    const max = entity[maxKey] as number | null;
    if ((min !== null && value < min) || (max !== null && value > max)) {
      return { message: `must be between ${min ?? '-∞'} and ${max ?? '∞'}`, path: [dataKey] };
    }
    return null;
  };
}

/** Runs checks in order; the first failure wins. */
export function allOf<F>(
  ...checks: ((entity: F, data: Record<string, unknown>) => InvalidField | null)[]
): (entity: F, data: Record<string, unknown>) => InvalidField | null {
  return (entity, data) => {
    for (const check of checks) {
      const invalid = check(entity, data);
      if (invalid) return invalid;
    }
    return null;
  };
}

/** Names of the bits of a feature rule, for errors a user can act on. */
export function featureNames(features: Readonly<Record<string, number>>, rule: FeatureRule): string {
  const setName = (bits: number) =>
    Object.entries(features)
      .filter(([, bit]) => bit !== 0 && (bits & bit) === bit)
      .map(([name]) => name)
      .join('+') || `feature ${bits}`;
  return typeof rule === 'number' ? setName(rule) : rule.map(setName).join(' or ');
}

/** Whether `supported` satisfies the rule. */
export function supports(supported: number, rule: FeatureRule): boolean {
  const sets = typeof rule === 'number' ? [rule] : rule;
  return sets.some((bits) => (supported & bits) === bits);
}

/** The validated data a service method receives for a fields shape. */
export type DataOf<S extends z.ZodRawShape> = z.output<z.ZodObject<S, z.core.$strict>>;

/** The fields of a service that takes no data. */
export const NO_FIELDS = {} satisfies z.ZodRawShape;

/** Whether `value` matches all of `pattern`; an invalid pattern matches nothing rather than throwing mid-call. */
export function matchesFully(pattern: string, value: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(value);
  } catch {
    return false;
  }
}
