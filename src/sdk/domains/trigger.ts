/**
 * Domains whose state is the moment something happened: `button` (last press)
 * and `event` (last firing). Both keep that moment across restarts.
 */
import { type DomainSpec, NO_FIELDS, restoreTimestamp, stateOf } from './spec.js';

export interface ButtonFields {
  lastPressed: Date | null;
}

export const BUTTON: DomainSpec<ButtonFields> = {
  domain: 'button',
  defaults: { lastPressed: null },
  state: stateOf('lastPressed'),
  attributes: {},
  capabilities: {},
  features: {},
  services: {
    press: {
      fields: NO_FIELDS,
      method: 'press',
      before: (button) => {
        button.lastPressed = new Date();
      },
    },
  },
  queries: {},
  restoreState: true,
  restore: restoreTimestamp('lastPressed'),
};

export interface EventFields {
  lastFired: Date | null;
  /** The type of the last event, one of `eventTypes`. */
  eventType: string | null;
  /** The last event's own data, shown as attributes beside `event_type`. */
  eventAttributes: Record<string, unknown> | null;
  eventTypes: string[];
}

export const EVENT: DomainSpec<EventFields> = {
  domain: 'event',
  defaults: { lastFired: null, eventType: null, eventAttributes: null, eventTypes: [] },
  state: stateOf('lastFired'),
  attributes: { event_type: 'eventType' },
  extraAttributes: (event) => ({ ...event.eventAttributes }),
  capabilities: { event_types: 'eventTypes' },
  features: {},
  services: {},
  queries: {},
  restoreState: true,
  // The last event's own data is not restored: the kept attributes also hold the host's (name, icon, ...).
  restore: (event, last) => {
    restoreTimestamp<EventFields>('lastFired')(event, last);
    const eventType = last.attributes.event_type;
    if (typeof eventType === 'string') event.eventType = eventType;
  },
};
