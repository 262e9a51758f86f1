/**
 * Where the hub is and how it speaks: location, time zone, units, language,
 * country, currency. Entry setup ships a snapshot of it to the sandbox, so it is
 * plain JSON data, validated once when the embedder hands it over.
 */

import { HostConfigError, type InvalidField } from '../errors.js';

export type UnitSystem = 'metric' | 'us_customary';

export interface HostConfig {
  /** Degrees, -90..90. */
  readonly latitude: number;
  /** Degrees, -180..180. */
  readonly longitude: number;
  /** Metres above sea level. */
  readonly elevation: number;
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  readonly timeZone: string;
  readonly unitSystem: UnitSystem;
  /** BCP 47 language tag, e.g. `en` or `pt-BR`; picks the translation files. */
  readonly language: string;
  /** ISO 3166-1 alpha-2 code, e.g. `NL`; `null` when unset. */
  readonly country: string | null;
  /** ISO 4217 code, e.g. `EUR`. */
  readonly currency: string;
  readonly locationName: string;
}

export const defaultHostConfig: HostConfig = Object.freeze({
  latitude: 52.3731,
  longitude: 4.8922,
  elevation: 0,
  timeZone: 'UTC',
  unitSystem: 'metric',
  language: 'en',
  country: null,
  currency: 'EUR',
  locationName: 'Home',
});

const UNIT_SYSTEMS: readonly UnitSystem[] = ['metric', 'us_customary'];
/** Primary subtag, then script, region, variant or extension subtags. */
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/i;
const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3}$/;
const MAX_LOCATION_NAME = 255;

type Checker = (value: unknown) => { value: unknown } | { problem: string };

const checks: { readonly [K in keyof HostConfig]: Checker } = {
  latitude: (value) => numberIn(value, -90, 90),
  longitude: (value) => numberIn(value, -180, 180),
  elevation: (value) =>
    typeof value === 'number' && Number.isFinite(value)
      ? { value }
      : { problem: 'must be a number of metres' },
  timeZone: (value) => {
    if (typeof value !== 'string' || value === '') return { problem: 'must be an IANA time zone name' };
    try {
      const resolved = new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions().timeZone;
      // Fix the case (`europe/amsterdam`), but keep the name: ICU maps some to legacy aliases
      // (`Asia/Kolkata` -> `Asia/Calcutta`) that differ between Node versions.
      return { value: resolved.toLowerCase() === value.toLowerCase() ? resolved : value };
    } catch {
      return { problem: `"${value}" is not a known IANA time zone (e.g. "Europe/Amsterdam")` };
    }
  },
  unitSystem: (value) =>
    UNIT_SYSTEMS.includes(value as UnitSystem)
      ? { value }
      : { problem: `must be one of ${UNIT_SYSTEMS.map((unit) => `"${unit}"`).join(', ')}` },
  language: (value) => {
    if (typeof value !== 'string' || !LANGUAGE_TAG.test(value)) {
      return { problem: 'must be a language tag such as "en" or "pt-BR"' };
    }
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      return canonical ? { value: canonical } : { problem: `"${value}" is not a valid language tag` };
    } catch {
      return { problem: `"${value}" is not a valid language tag` };
    }
  },
  country: (value) =>
    value === null || (typeof value === 'string' && COUNTRY.test(value))
      ? { value }
      : { problem: 'must be an ISO 3166-1 alpha-2 code in capitals (e.g. "NL"), or null' },
  currency: (value) =>
    typeof value === 'string' && CURRENCY.test(value)
      ? { value }
      : { problem: 'must be an ISO 4217 code in capitals (e.g. "EUR")' },
  locationName: (value) =>
    typeof value === 'string' && value.trim() !== '' && value.length <= MAX_LOCATION_NAME
      ? { value }
      : { problem: `must be a non-empty string of at most ${MAX_LOCATION_NAME} characters` },
};

function numberIn(value: unknown, min: number, max: number): { value: unknown } | { problem: string } {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
    ? { value }
    : { problem: `must be a number from ${min} to ${max}` };
}

/**
 * A complete host config from `input`: fields present are checked (unknown fields
 * are refused, so a misspelt one is not silently ignored), missing ones come from
 * `defaults`. Throws `HostConfigError` listing every bad field by path.
 */
export function validateHostConfig(input: unknown, defaults: HostConfig = defaultHostConfig): HostConfig {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HostConfigError('invalid host config: expected an object', [
      { path: [], message: 'must be an object' },
    ]);
  }
  const record = input as Record<string, unknown>;
  const invalid: InvalidField[] = [];
  const out: Record<string, unknown> = { ...defaults };
  for (const field of Object.keys(checks) as Array<keyof HostConfig>) {
    if (!Object.hasOwn(record, field) || record[field] === undefined) continue;
    const result = checks[field](record[field]);
    if ('problem' in result) invalid.push({ path: [field], message: result.problem });
    else out[field] = result.value;
  }
  for (const field of Object.keys(record)) {
    if (!Object.hasOwn(checks, field)) {
      invalid.push({
        path: [field],
        message: `is not a host config field (known: ${Object.keys(checks).join(', ')})`,
      });
    }
  }
  if (invalid.length > 0) {
    const listed = invalid.map((field) => `${field.path.join('.')}: ${field.message}`).join('; ');
    throw new HostConfigError(`invalid host config: ${listed}`, invalid);
  }
  return Object.freeze(out) as unknown as HostConfig;
}
