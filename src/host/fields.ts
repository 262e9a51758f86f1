/**
 * Field checks for registry input, which may come from an untrusted sandbox or a
 * user API: every bad field is reported at once, by path, instead of the first
 * one crashing somewhere deeper.
 */

import type { InvalidField } from '../errors.js';
import { isPlainObject } from './snapshot.js';

export interface FieldRule {
  readonly test: (value: unknown) => boolean;
  readonly expected: string;
}

export type FieldRules = Readonly<Record<string, FieldRule>>;

export const isStringOrNull: FieldRule = {
  test: (v) => v === null || typeof v === 'string',
  expected: 'a string or null',
};

export const isNonNegativeInteger: FieldRule = {
  test: (v) => Number.isSafeInteger(v) && (v as number) >= 0,
  expected: 'a non-negative integer',
};

export const isObjectOrNull: FieldRule = {
  test: (v) => v === null || isPlainObject(v),
  expected: 'an object or null',
};

export function isIn(values: readonly (string | null)[]): FieldRule {
  return {
    test: (v) => values.includes(v as string | null),
    expected: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  };
}

/**
 * Problems with `fields` of `input` (undefined values are skipped); with `allowed`,
 * any other key of `input` is reported as unknown too.
 */
export function checkFields(
  input: object,
  rules: FieldRules,
  fields: readonly string[],
  allowed?: readonly string[],
): InvalidField[] {
  const record = input as Record<string, unknown>;
  const invalid: InvalidField[] = [];
  for (const field of fields) {
    const rule = rules[field];
    const value = record[field];
    if (rule && value !== undefined && !rule.test(value)) {
      invalid.push({ message: `expected ${rule.expected}`, path: [field] });
    }
  }
  if (allowed) {
    for (const field of Object.keys(record)) {
      if (!fields.includes(field) && !allowed.includes(field)) {
        invalid.push({ message: 'unknown field', path: [field] });
      }
    }
  }
  return invalid;
}

/** "what: a: expected x; b: expected y" — every bad field in one message. */
export function describeInvalid(what: string, invalid: readonly InvalidField[]): string {
  return `${what}: ${invalid.map((f) => (f.path.length ? `${f.path.join('.')}: ${f.message}` : f.message)).join('; ')}`;
}
