import type { CalendarCreateEventData, CalendarEvent, CalendarRange } from '../domains/calendar.js';
import { entityClass } from '../entity.js';

/** Keep `event` on the current or next event; answer `get_events` for any range. */
export class CalendarEntity extends entityClass('calendar') {
  async getEvents(_range: CalendarRange): Promise<CalendarEvent[]> {
    throw this.notImplemented('getEvents');
  }
  async createEvent(_data: CalendarCreateEventData): Promise<void> {
    throw this.notImplemented('createEvent');
  }
}
