/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The event log: newest at the top, capped, filtered by actor, kind and event
 * type; a click on a row selects its actor. Live events are prepended, not
 * re-rendered, so a busy hub does not redraw two thousand rows a frame.
 */
import type { InspectorEvent } from '../../api/contract.js';
import type { Statechart } from '../../machines/describe.js';
import { h, setText } from './dom.js';
import { ALL_KINDS, EVENT_KINDS, type EventFilter, type EventKind, eventMatches } from './event-filter.js';
import { formatClock, stateTone } from './format.js';
import { eventLabel } from './statechart-model.js';

const LOG_INTERVAL_MS = 200;

export interface EventLogOptions {
  readonly onSelect: (actorId: string) => void;
  /** Rows kept in the DOM. */
  readonly cap: number;
  /** The statechart an actor runs, to name its invoked actors in event types. */
  readonly chartOf: (actorId: string) => Statechart | undefined;
}

export class EventLogView {
  private readonly list: HTMLDivElement;
  private readonly rows: ChunkedRows;
  private readonly counter: HTMLSpanElement;
  private readonly pauseButton: HTMLButtonElement;
  private filter: EventFilter = { actor: '', eventType: '', kinds: ALL_KINDS };
  private onlySelected = false;
  private selected: string | undefined;
  private paused = false;
  /** Events at or below this seq were cleared from view. */
  private clearedUpTo = 0;
  private events: readonly InspectorEvent[] = [];
  private held = 0;
  private pending: InspectorEvent[] = [];
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastInsert = 0;

  constructor(
    panel: HTMLElement,
    private readonly options: EventLogOptions,
  ) {
    this.list = h('div', { id: 'event-log', class: 'event-log', role: 'log', 'aria-live': 'off' });
    this.rows = new ChunkedRows(this.list);
    this.counter = h('span', { class: 'panel-count' });
    const actor = h('input', {
      type: 'search',
      class: 'filter',
      placeholder: 'actor contains…',
      'aria-label': 'Filter by actor',
      spellcheck: 'false',
    });
    const eventType = h('input', {
      type: 'search',
      class: 'filter',
      placeholder: 'event type (-word excludes)',
      'aria-label': 'Filter by event type',
      spellcheck: 'false',
    });
    const kinds = EVENT_KINDS.map((kind) => {
      const box = h('input', { type: 'checkbox', checked: true, value: kind });
      box.addEventListener('change', () => {
        const next = new Set(this.filter.kinds);
        if (box.checked) next.add(kind);
        else next.delete(kind);
        this.setFilter({ kinds: next });
      });
      return h('label', { class: `kind-toggle kind-${kind}` }, box, kind);
    });
    const only = h('input', { type: 'checkbox' });
    only.addEventListener('change', () => {
      this.onlySelected = only.checked;
      this.rebuild();
    });
    actor.addEventListener('input', () => this.setFilter({ actor: actor.value }));
    eventType.addEventListener('input', () => this.setFilter({ eventType: eventType.value }));
    this.pauseButton = h('button', { type: 'button', class: 'btn' }, 'pause');
    this.pauseButton.addEventListener('click', () => this.setPaused(!this.paused));
    const clear = h('button', { type: 'button', class: 'btn' }, 'clear');
    clear.addEventListener('click', () => {
      this.clearedUpTo = this.events.at(-1)?.seq ?? this.clearedUpTo;
      this.rebuild();
    });
    this.list.addEventListener('click', (ev) => {
      const row = (ev.target as Element).closest<HTMLElement>('.ev-row');
      const id = row?.dataset.actorId;
      if (id) this.options.onSelect(id);
    });
    panel.append(
      h(
        'div',
        { class: 'panel-head' },
        h('h2', {}, 'Events'),
        this.counter,
        h(
          'div',
          { class: 'log-tools' },
          actor,
          eventType,
          ...kinds,
          h('label', { class: 'kind-toggle', title: 'only the selected actor' }, only, 'selected only'),
          this.pauseButton,
          clear,
        ),
      ),
      h(
        'div',
        { class: 'ev-row ev-header', 'aria-hidden': 'true' },
        h('span', {}, 'time'),
        h('span', {}, 'kind'),
        h('span', {}, 'actor'),
        h('span', {}, 'event'),
        h('span', {}, 'state'),
      ),
      h('div', { class: 'panel-body log-scroll' }, this.list),
    );
  }

  /** Replaces everything shown (first load, hub restart). */
  reset(events: readonly InspectorEvent[]): void {
    this.events = events;
    this.rebuild();
  }

  /**
   * `events` is the whole buffer after the merge; `added` the new tail to
   * prepend. Under a burst, rows go in at most every `LOG_INTERVAL_MS`: each
   * insertion relays out the whole list, however few rows it adds.
   */
  append(events: readonly InspectorEvent[], added: readonly InspectorEvent[]): void {
    this.events = events;
    if (this.paused) {
      this.held += added.length;
      this.renderCount();
      return;
    }
    this.pending.push(...added);
    if (this.pendingTimer !== undefined) return;
    const wait = Math.max(0, this.lastInsert + LOG_INTERVAL_MS - performance.now());
    this.pendingTimer = setTimeout(() => this.insertPending(), wait);
  }

  private insertPending(): void {
    this.pendingTimer = undefined;
    this.lastInsert = performance.now();
    const added = this.pending.splice(0);
    const filter = this.effectiveFilter();
    const rows: HTMLElement[] = [];
    for (let i = added.length - 1; i >= 0 && rows.length < this.options.cap; i--) {
      const e = added[i]!;
      if (e.seq > this.clearedUpTo && eventMatches(e, filter)) rows.push(this.row(e));
    }
    if (rows.length > 0) this.rows.prepend(rows, this.options.cap);
    this.renderCount();
  }

  select(actorId: string | undefined): void {
    this.selected = actorId;
    if (this.onlySelected) {
      this.rebuild();
      return;
    }
    for (const row of this.list.querySelectorAll<HTMLElement>('.ev-row')) {
      row.classList.toggle('mine', row.dataset.actorId === actorId);
    }
  }

  private setFilter(change: Partial<EventFilter>): void {
    this.filter = { ...this.filter, ...change };
    this.rebuild();
  }

  private setPaused(paused: boolean): void {
    this.paused = paused;
    this.held = 0;
    setText(this.pauseButton, paused ? 'resume' : 'pause');
    this.pauseButton.classList.toggle('on', paused);
    if (!paused) this.rebuild();
    else this.renderCount();
  }

  private effectiveFilter(): EventFilter {
    return this.onlySelected ? { ...this.filter, onlyActor: this.selected ?? '' } : this.filter;
  }

  private rebuild(): void {
    clearTimeout(this.pendingTimer);
    this.pendingTimer = undefined;
    this.pending = [];
    const filter = this.effectiveFilter();
    const rows: HTMLElement[] = [];
    for (let i = this.events.length - 1; i >= 0 && rows.length < this.options.cap; i--) {
      const e = this.events[i]!;
      if (e.seq > this.clearedUpTo && eventMatches(e, filter)) rows.push(this.row(e));
    }
    this.rows.replace(rows);
    this.renderCount();
  }

  private renderCount(): void {
    const paused = this.paused ? ` · paused${this.held ? `, ${this.held} new` : ''}` : '';
    setText(this.counter, `${this.rows.count} / ${this.events.length}${paused}`);
  }

  private row(e: InspectorEvent): HTMLElement {
    return h(
      'div',
      {
        class: `ev-row${e.seq % 2 ? ' odd' : ''}${e.actorId === this.selected ? ' mine' : ''}`,
        'data-kind': e.kind,
        'data-actor-id': e.actorId,
        'data-seq': e.seq,
        title: `#${e.seq} ${e.eventType}`,
      },
      h('span', { class: 'ev-time' }, formatClock(e.at)),
      h('span', { class: `ev-kind kind-${e.kind}` }, kindLabel(e.kind)),
      h('span', { class: 'ev-actor' }, e.actorId),
      h('span', { class: 'ev-type' }, eventLabel(e.eventType, this.options.chartOf(e.actorId))),
      h(
        'span',
        { class: 'ev-state', 'data-tone': e.stateLabel ? stateTone(e.stateLabel) : 'neutral' },
        e.stateLabel ?? '',
      ),
    );
  }
}

function kindLabel(kind: EventKind): string {
  return kind === 'transition' ? 'trans' : kind;
}

/** Rows per chunk of the log. */
const CHUNK = 100;

/**
 * The log's rows, newest first, in chunks of `CHUNK`. Off-screen chunks skip
 * layout and paint (`content-visibility`), and a new row moves twenty chunks
 * down instead of two thousand rows, so a busy hub costs little to show.
 */
class ChunkedRows {
  count = 0;

  constructor(private readonly list: HTMLElement) {}

  /** Adds rows (newest first) at the top, dropping the oldest past `cap`. */
  prepend(rows: readonly HTMLElement[], cap: number): void {
    let head = this.list.firstElementChild as HTMLElement | null;
    for (let i = rows.length - 1; i >= 0; i--) {
      if (!head || head.childElementCount >= CHUNK) {
        head = h('div', { class: 'ev-chunk' });
        this.list.prepend(head);
      }
      head.prepend(rows[i]!);
    }
    this.count += rows.length;
    while (this.count > cap) {
      const tail = this.list.lastElementChild;
      if (!tail) break;
      const extra = this.count - cap;
      if (tail.childElementCount <= extra) {
        this.count -= tail.childElementCount;
        tail.remove();
      } else {
        for (let i = 0; i < extra; i++) tail.lastElementChild?.remove();
        this.count -= extra;
      }
    }
  }

  /** Replaces every row (newest first). */
  replace(rows: readonly HTMLElement[]): void {
    const chunks: HTMLElement[] = [];
    for (let i = 0; i < rows.length; i += CHUNK)
      chunks.push(h('div', { class: 'ev-chunk' }, rows.slice(i, i + CHUNK)));
    this.list.replaceChildren(...chunks);
    this.count = rows.length;
  }
}
