/** Entities whose state is the moment something happened. */
import { ValidationError } from '../../errors.js';
import { entityClass } from '../entity.js';

/** A button: the SDK records the press; override `press()` to act on it. */
export class ButtonEntity extends entityClass('button') {
  async press(): Promise<void> {
    throw this.notImplemented('press');
  }
}

/** An event source: call `triggerEvent(type, data)` when the device reports one of `eventTypes`. */
export class EventEntity extends entityClass('event') {
  triggerEvent(eventType: string, attributes: Record<string, unknown> = {}): void {
    if (!this.eventTypes.includes(eventType)) {
      throw new ValidationError(
        `${this.label} has no event type "${eventType}" (it has: ${this.eventTypes.join(', ')})`,
        [{ message: `must be one of: ${this.eventTypes.join(', ')}`, path: ['event_type'] }],
      );
    }
    this.lastFired = new Date();
    this.eventType = eventType;
    this.eventAttributes = { ...attributes };
    this.writeState();
  }
}
