/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The selected actor on its real statechart: compound states as nested boxes,
 * parallel regions side by side, each state's outgoing transitions as chips,
 * and the current state(s) highlighted — drawn once per actor and machine,
 * then only re-classed as the actor moves.
 */
import type { ActorView, InspectorEvent } from '../../api/contract.js';
import type { Statechart, StatechartState } from '../../machines/describe.js';
import { type ActiveStates, activeStates, enteredAlong } from './active-states.js';
import { flash, h } from './dom.js';
import { formatClock, stateTone } from './format.js';
import { eventLabel, type TransitionChip, transitionChips } from './statechart-model.js';

const RECENT = 6;
const COMPACT_KEY = 'corral.inspector.compact';

/** Storage may be off (private mode, a sandboxed frame): a setting is then just not kept. */
function readSetting(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSetting(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not kept
  }
}

export class StatechartView {
  private readonly canvas: HTMLDivElement;
  private readonly title: HTMLDivElement;
  private readonly recent: HTMLDivElement;
  private boxes = new Map<string, HTMLElement>();
  private drawn: { actorId: string; chart: Statechart | undefined } | undefined;
  private current: ActiveStates | undefined;

  constructor(panel: HTMLElement) {
    this.title = h('div', { class: 'chart-title' });
    this.recent = h('div', { class: 'recent' });
    this.canvas = h('div', { id: 'statechart', class: 'statechart', 'data-actor-id': '' });
    const compact = h('input', { type: 'checkbox', checked: readSetting(COMPACT_KEY) === 'true' });
    const applyCompact = () => {
      this.canvas.classList.toggle('compact', compact.checked);
      writeSetting(COMPACT_KEY, String(compact.checked));
    };
    compact.addEventListener('change', applyCompact);
    panel.append(
      h(
        'div',
        { class: 'panel-head' },
        h('h2', {}, 'Statechart'),
        this.title,
        h(
          'label',
          { class: 'kind-toggle compact-toggle', title: 'hide the transitions of inactive states' },
          compact,
          'compact',
        ),
      ),
      this.recent,
      h('div', { class: 'panel-body chart-scroll' }, this.canvas),
      h(
        'div',
        { class: 'legend' },
        h('span', { class: 'lg lg-initial' }, 'initial'),
        h('span', { class: 'lg lg-final' }, 'final'),
        h('span', { class: 'lg lg-parallel' }, 'parallel region'),
        h('span', { class: 'lg lg-active' }, 'active'),
        h('span', { class: 'lg lg-leaf' }, 'current'),
      ),
    );
    applyCompact();
    this.showEmpty('Select an actor in the tree or the event log.');
  }

  /**
   * Shows `actor` (drawing its chart if it has one) and its latest events;
   * `passed` are earlier views of it that arrived in the same batch.
   */
  show(
    actor: ActorView | undefined,
    chart: Statechart | undefined,
    events: readonly InspectorEvent[],
    passed: readonly ActorView[] = [],
  ): void {
    if (!actor) {
      this.drawn = undefined;
      this.current = undefined;
      this.canvas.dataset.actorId = '';
      this.title.replaceChildren();
      this.recent.replaceChildren();
      this.showEmpty('Select an actor in the tree or the event log.');
      return;
    }
    if (this.drawn?.actorId !== actor.id || this.drawn.chart !== chart) {
      this.drawn = { actorId: actor.id, chart };
      this.current = undefined;
      this.canvas.dataset.actorId = actor.id;
      if (chart) this.draw(chart);
      else this.showEmpty(`No statechart: ${actor.kind} actors are not state machines.`);
    }
    this.renderTitle(actor, chart);
    this.renderRecent(actor.id, events, chart);
    this.canvas.dataset.status = actor.status;
    if (chart) this.highlight(chart, actor, passed);
  }

  /** A selection without an actor view: the hub's overview, or an actor that is gone. */
  showNote(id: string, summary: string): void {
    this.drawn = undefined;
    this.current = undefined;
    this.canvas.dataset.actorId = id;
    this.title.replaceChildren(h('span', { class: 'mono strong' }, id));
    this.recent.replaceChildren();
    this.showEmpty(summary);
  }

  private showEmpty(message: string): void {
    this.boxes = new Map();
    this.canvas.replaceChildren(h('div', { class: 'empty' }, message));
  }

  private renderTitle(actor: ActorView, chart: Statechart | undefined): void {
    this.title.replaceChildren(
      ...[
        h('span', { class: 'mono strong title-id', title: actor.id }, actor.id),
        actor.stateLabel
          ? h('span', { class: 'state-pill', 'data-tone': stateTone(actor.stateLabel) }, actor.stateLabel)
          : null,
        actor.status === 'active' ? null : h('span', { class: `tag status-${actor.status}` }, actor.status),
        h('span', { class: 'tag' }, actor.kind),
        chart && chart.id !== actor.kind
          ? h('span', { class: 'tag tag-machine', title: 'machine id' }, `machine ${chart.id}`)
          : null,
      ].filter((el) => el !== null),
    );
  }

  private renderRecent(
    actorId: string,
    events: readonly InspectorEvent[],
    chart: Statechart | undefined,
  ): void {
    const mine: InspectorEvent[] = [];
    const seen = new Set<number>();
    for (let i = events.length - 1; i >= 0 && mine.length < RECENT; i--) {
      const e = events[i]!;
      if (e.actorId === actorId && e.kind !== 'event' && !seen.has(e.seq)) {
        seen.add(e.seq);
        mine.push(e);
      }
    }
    this.recent.replaceChildren(
      ...(mine.length === 0
        ? [h('span', { class: 'muted' }, 'no recent transitions')]
        : mine.map((e) =>
            h(
              'span',
              { class: 'recent-item', 'data-kind': e.kind, title: e.eventType },
              h('span', { class: 'muted' }, formatClock(e.at)),
              ' ',
              eventLabel(e.eventType, chart),
              e.stateLabel ? h('span', { class: 'arrow' }, ' → ') : null,
              e.stateLabel ?? '',
            ),
          )),
    );
  }

  private draw(chart: Statechart): void {
    this.boxes = new Map();
    const chips = transitionChips(chart);
    const root = this.drawState(chart.root, chips, false);
    root.classList.add('root');
    this.canvas.replaceChildren(root);
  }

  private drawState(
    state: StatechartState,
    chips: Map<string, TransitionChip[]>,
    initial: boolean,
  ): HTMLElement {
    const own = chips.get(state.id) ?? [];
    const children = state.states.map((child) => this.drawState(child, chips, child.id === state.initial));
    const box = h(
      'div',
      { class: `state type-${state.type}`, 'data-state-id': state.id },
      h(
        'div',
        { class: 'state-head' },
        initial ? h('span', { class: 'initial-mark', title: 'initial state' }) : null,
        h('span', { class: 'state-key' }, state.key),
        state.type === 'parallel' || state.type === 'final' || state.type === 'history'
          ? h('span', { class: 'state-type' }, state.type)
          : null,
        state.invoke.length > 0
          ? h('span', { class: 'invoke', title: 'invoked actors' }, `⟳ ${state.invoke.join(', ')}`)
          : null,
      ),
      own.length > 0
        ? h(
            'div',
            { class: 'chips' },
            own.map((chip) => this.drawChip(chip)),
          )
        : null,
      children.length > 0
        ? h('div', { class: state.type === 'parallel' ? 'regions' : 'substates' }, children)
        : null,
    );
    this.boxes.set(state.id, box);
    return box;
  }

  private drawChip(chip: TransitionChip): HTMLElement {
    const kind =
      chip.rawEvent === 'always'
        ? 'always'
        : /^after /.test(chip.rawEvent)
          ? 'after'
          : /^(done|error): /.test(chip.rawEvent)
            ? 'invoke'
            : 'event';
    const el = h(
      'span',
      {
        class: `chip chip-${kind}`,
        title: `${chip.rawEvent}${chip.guard ? ` [${chip.guard}]` : ''} → ${chip.targets.map((t) => t.id).join(', ') || '(stays)'}`,
      },
      h('span', { class: 'ev' }, chip.event),
      chip.guard ? h('span', { class: 'guard' }, `[${chip.guard}]`) : null,
      h('span', { class: 'arrow' }, '→'),
      h('span', { class: 'target' }, chip.targets.map((t) => t.name).join(', ') || '↺'),
    );
    const hint = (on: boolean) => {
      for (const t of chip.targets) this.boxes.get(t.id)?.classList.toggle('target-hint', on);
    };
    el.addEventListener('mouseenter', () => hint(true));
    el.addEventListener('mouseleave', () => hint(false));
    return el;
  }

  private highlight(chart: Statechart, actor: ActorView, passed: readonly ActorView[]): void {
    const of = (view: ActorView) => activeStates(chart, view.state ?? view.stateLabel);
    const next = of(actor);
    for (const [id, box] of this.boxes) {
      box.classList.toggle('active', next.active.has(id));
      box.classList.toggle('active-leaf', next.leaves.has(id));
    }
    const first = this.current === undefined;
    const entered = enteredAlong(this.current, [...passed.map(of), next]);
    this.current = next;
    for (const id of entered) {
      const box = this.boxes.get(id);
      // A state left again within the batch gets a fainter flash than one that is current.
      if (box) flash(box, next.active.has(id) ? 'state' : 'passed');
    }
    // Bring the current state into view once per selection; later moves leave the scroll alone.
    const leaf = [...next.leaves].map((id) => this.boxes.get(id)).find(Boolean);
    if (first && leaf) leaf.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }
}
