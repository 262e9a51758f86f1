/** Settable values: `number`, `select` (one of a list) and `text`. */
import { z } from 'zod';
import { type DataOf, type DomainSpec, matchesFully, oneOf, stateOf, within } from './spec.js';

export interface NumberFields {
  nativeValue: number | null;
  nativeMinValue: number;
  nativeMaxValue: number;
  nativeStep: number | null;
  mode: 'auto' | 'box' | 'slider';
}

export const numberSetValueFields = { value: z.number() };
export type NumberSetValueData = DataOf<typeof numberSetValueFields>;

export const NUMBER: DomainSpec<NumberFields> = {
  domain: 'number',
  defaults: { nativeValue: null, nativeMinValue: 0, nativeMaxValue: 100, nativeStep: null, mode: 'auto' },
  state: stateOf('nativeValue'),
  attributes: {},
  capabilities: {
    min: 'nativeMinValue',
    max: 'nativeMaxValue',
    step: (number) => number.nativeStep ?? 1,
    mode: 'mode',
  },
  features: {},
  services: {
    set_value: {
      fields: numberSetValueFields,
      method: 'setNativeValue',
      check: within('value', 'nativeMinValue', 'nativeMaxValue'),
    },
  },
  queries: {},
  restoreState: false,
};

export interface SelectFields {
  currentOption: string | null;
  options: string[];
}

export const selectOptionFields = { option: z.string() };
export type SelectOptionData = DataOf<typeof selectOptionFields>;

export const SELECT: DomainSpec<SelectFields> = {
  domain: 'select',
  defaults: { currentOption: null, options: [] },
  state: stateOf('currentOption'),
  attributes: {},
  capabilities: { options: 'options' },
  features: {},
  services: {
    select_option: { fields: selectOptionFields, method: 'selectOption', check: oneOf('option', 'options') },
  },
  queries: {},
  restoreState: false,
};

export interface TextFields {
  nativeValue: string | null;
  nativeMin: number;
  nativeMax: number;
  /** A regular expression the whole value must match. */
  pattern: string | null;
  mode: 'text' | 'password';
}

export const textSetValueFields = { value: z.string() };
export type TextSetValueData = DataOf<typeof textSetValueFields>;

/** Length within the entity's bounds and, when it has one, a full match of its pattern. */
function textFits(text: TextFields, data: Record<string, unknown>) {
  const value = String(data.value);
  if (value.length < text.nativeMin || value.length > text.nativeMax) {
    return { message: `must be ${text.nativeMin} to ${text.nativeMax} characters long`, path: ['value'] };
  }
  if (text.pattern !== null && !matchesFully(text.pattern, value)) {
    return { message: `must match ${text.pattern}`, path: ['value'] };
  }
  return null;
}

export const TEXT: DomainSpec<TextFields> = {
  domain: 'text',
  defaults: { nativeValue: null, nativeMin: 0, nativeMax: 100, pattern: null, mode: 'text' },
  state: stateOf('nativeValue'),
  attributes: {},
  capabilities: { min: 'nativeMin', max: 'nativeMax', pattern: 'pattern', mode: 'mode' },
  features: {},
  services: { set_value: { fields: textSetValueFields, method: 'setValue', check: textFits } },
  queries: {},
  restoreState: false,
};
