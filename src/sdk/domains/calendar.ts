/** `calendar`: `on` while an event is in progress; events in a range are a query. */
import { z } from 'zod';
import type { InvalidField } from '../../errors.js';
import type { DomainSpec } from './spec.js';

export const CalendarEntityFeature = { CREATE_EVENT: 1, DELETE_EVENT: 2, UPDATE_EVENT: 4 } as const;

export interface CalendarEvent {
  summary: string;
  start: Date;
  end: Date;
  /** The event covers whole days; `start` and `end` are then read as dates. */
  allDay?: boolean;
  description?: string | null;
  location?: string | null;
  uid?: string | null;
}

export interface CalendarFields {
  /** The event in progress, or the next one. */
  event: CalendarEvent | null;
}

/** A time range with an explicit offset, so both sides of the wire read the same instant. */
const dateTime = z.iso.datetime({ offset: true });

export const calendarGetEventsFields = { start_date_time: dateTime, end_date_time: dateTime };
/** What `getEvents` receives: the range as Dates. */
export interface CalendarRange {
  start: Date;
  end: Date;
}

export const calendarCreateEventFields = {
  summary: z.string().min(1),
  start_date_time: dateTime,
  end_date_time: dateTime,
  description: z.string().optional(),
  location: z.string().optional(),
};
/** What `createEvent` receives. */
export interface CalendarCreateEventData {
  summary: string;
  start: Date;
  end: Date;
  description?: string;
  location?: string;
}

function endsAfterStart(_calendar: CalendarFields, data: Record<string, unknown>): InvalidField | null {
  const start = Date.parse(String(data.start_date_time));
  const end = Date.parse(String(data.end_date_time));
  return end > start ? null : { message: 'must be after start_date_time', path: ['end_date_time'] };
}

function asRange(data: Record<string, unknown>): Record<string, unknown> {
  const { start_date_time: start, end_date_time: end, ...rest } = data;
  return { ...rest, start: new Date(String(start)), end: new Date(String(end)) };
}

/** An event as the wire spells it: ISO instants, or plain dates for all-day events. */
export function calendarEventJson(event: CalendarEvent): Record<string, unknown> {
  const when = (date: Date) => (event.allDay ? date.toISOString().slice(0, 10) : date.toISOString());
  return {
    summary: event.summary,
    start: when(event.start),
    end: when(event.end),
    all_day: event.allDay ?? false,
    description: event.description ?? null,
    location: event.location ?? null,
    uid: event.uid ?? null,
  };
}

/** Attributes of the current or next event; left out when there is none. */
const ofEvent =
  (pick: (event: CalendarEvent) => unknown) =>
  (calendar: CalendarFields): unknown =>
    calendar.event === null ? undefined : pick(calendar.event);

export const CALENDAR: DomainSpec<CalendarFields> = {
  domain: 'calendar',
  defaults: { event: null },
  state: (calendar) => {
    const event = calendar.event;
    if (event === null) return 'off';
    const now = Date.now();
    return event.start.getTime() <= now && now < event.end.getTime() ? 'on' : 'off';
  },
  attributes: {
    message: ofEvent((event) => event.summary),
    all_day: ofEvent((event) => event.allDay ?? false),
    start_time: ofEvent((event) => calendarEventJson(event).start),
    end_time: ofEvent((event) => calendarEventJson(event).end),
    location: ofEvent((event) => event.location ?? null),
    description: ofEvent((event) => event.description ?? null),
  },
  capabilities: {},
  features: CalendarEntityFeature,
  services: {
    create_event: {
      fields: calendarCreateEventFields,
      method: 'createEvent',
      requiredFeature: CalendarEntityFeature.CREATE_EVENT,
      check: endsAfterStart,
      normalize: asRange,
    },
  },
  queries: {
    get_events: {
      fields: calendarGetEventsFields,
      method: 'getEvents',
      check: endsAfterStart,
      normalize: asRange,
      response: (events) => ({ events: ((events ?? []) as CalendarEvent[]).map(calendarEventJson) }),
    },
  },
  restoreState: false,
};
