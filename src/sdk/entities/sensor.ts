/** Read-only entities: set the fields, then `writeState()`. */
import { entityClass } from '../entity.js';

/** A measured value: set `nativeValue` (and `unitOfMeasurement`, `deviceClass`, `stateClass`). */
export class SensorEntity extends entityClass('sensor') {}

/** On or off: set `isOn`. */
export class BinarySensorEntity extends entityClass('binary_sensor') {}
