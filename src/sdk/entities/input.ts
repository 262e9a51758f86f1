import type { NumberSetValueData, SelectOptionData, TextSetValueData } from '../domains/input.js';
import { entityClass } from '../entity.js';

/** A settable number; `value` has been checked against `nativeMinValue`..`nativeMaxValue`. */
export class NumberEntity extends entityClass('number') {
  async setNativeValue(_data: NumberSetValueData): Promise<void> {
    throw this.notImplemented('setNativeValue');
  }
}

/** One of `options`; the option has been checked against them. */
export class SelectEntity extends entityClass('select') {
  async selectOption(_data: SelectOptionData): Promise<void> {
    throw this.notImplemented('selectOption');
  }
}

/** Settable text; the value has been checked against length and `pattern`. */
export class TextEntity extends entityClass('text') {
  async setValue(_data: TextSetValueData): Promise<void> {
    throw this.notImplemented('setValue');
  }
}
